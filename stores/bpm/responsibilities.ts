/**
 * "Which steps are mine?": every user task of every deployed process (latest versions)
 * that a user may own, and how, read from the compiled models, with the open and
 * breached tasks of each step the user may act on now.
 */
import type { ProcessModel, UserTaskElement } from '../../compiler/model.js';
import type { Db } from '../tx.js';

export type OwnershipVia = 'assignee' | 'candidateUser' | 'candidateGroup' | 'lane' | 'everyone' | 'expression';

export interface Responsibility {
  processKey: string;
  processName: string | null;
  elementId: string;
  name: string | null;
  instructions: string | null;
  via: OwnershipVia;
  group?: string;
  /** The FEEL source when ownership is computed per case (`via: expression`). */
  expression?: string;
  /** Which attribute the expression sets. */
  attribute?: 'assignee' | 'candidateUsers' | 'candidateGroups';
  open: number;
  breached: number;
}

type Way = Pick<Responsibility, 'via' | 'group' | 'expression' | 'attribute'>;

/**
 * How `user` may own the step. Literal owners are exact; a FEEL owner may be anyone, so
 * it is always listed with its source, never hidden.
 */
export function waysToOwn(task: UserTaskElement, user: { username: string; groups: string[] }): Way[] {
  const ways: Way[] = [];
  if (task.assignee?.kind === 'feel') ways.push({ via: 'expression', expression: task.assignee.source, attribute: 'assignee' });
  else if (task.assignee?.kind === 'literal' && task.assignee.value === user.username) ways.push({ via: 'assignee' });
  if (task.candidateUsers?.kind === 'feel') ways.push({ via: 'expression', expression: task.candidateUsers.source, attribute: 'candidateUsers' });
  else if (task.candidateUsers?.kind === 'list' && task.candidateUsers.values.includes(user.username)) ways.push({ via: 'candidateUser' });
  if (task.candidateGroups?.kind === 'feel') ways.push({ via: 'expression', expression: task.candidateGroups.source, attribute: 'candidateGroups' });
  else if (task.candidateGroups?.kind === 'list') {
    for (const group of task.candidateGroups.values) if (user.groups.includes(group)) ways.push({ via: 'candidateGroup', group });
  }
  if (task.candidateGroups === null && task.laneCandidateGroup && user.groups.includes(task.laneCandidateGroup)) {
    ways.push({ via: 'lane', group: task.laneCandidateGroup });
  }
  if (!task.assignee && !task.candidateUsers && !task.candidateGroups && !task.laneCandidateGroup) ways.push({ via: 'everyone' });
  return ways;
}

export async function responsibilitiesOf(db: Db, user: { username: string; groups: string[] }): Promise<Responsibility[]> {
  const { rows: definitions } = await db.query<{ key: string; name: string | null; model: ProcessModel }>(
    `SELECT DISTINCT ON (key) key, name, model FROM bpm.process_definitions ORDER BY key, version DESC`,
  );
  const { rows: counts } = await db.query<{ process_key: string; element_id: string; open: number; breached: number }>(
    `SELECT process_key, element_id, count(*)::int AS open, count(*) FILTER (WHERE due_at < now())::int AS breached
     FROM bpm.tasks
     WHERE state = 'open' AND (assignee = $1 OR (assignee IS NULL AND (candidate_groups && $2::text[] OR candidate_users @> ARRAY[$1::text] OR open_to_everyone)))
     GROUP BY process_key, element_id`,
    [user.username, user.groups],
  );
  const countOf = new Map(counts.map((row) => [`${row.process_key}\u0000${row.element_id}`, row]));
  const result: Responsibility[] = [];
  for (const definition of definitions) {
    for (const element of Object.values(definition.model.elements)) {
      if (element.kind !== 'userTask') continue;
      const count = countOf.get(`${definition.key}\u0000${element.id}`);
      for (const way of waysToOwn(element, user)) {
        result.push({
          processKey: definition.key,
          processName: definition.name,
          elementId: element.id,
          name: element.name,
          instructions: element.instructions ?? null,
          ...way,
          open: count?.open ?? 0,
          breached: count?.breached ?? 0,
        });
      }
    }
  }
  return result;
}
