/**
 * The task inbox's store: one row per user task run, written by the process's activities
 * and changed by people through the API. Every change appends its event (task.*) in the
 * same transaction (stores/bpm/events.ts).
 */
import type { Pool, PoolClient } from '../db.js';
import { inTransaction } from '../db.js';
import type { Db } from '../tx.js';
import { appendAudit } from './audit.js';
import { appendEvent, type NewEvent } from './events.js';

export type TaskState = 'open' | 'completed' | 'cancelled';

export interface InboxTask {
  id: string;
  name: string | null;
  elementId: string;
  processKey: string;
  instanceId: string;
  businessKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  /** Nobody in particular owns it: every active employee may claim and complete it. */
  openToEveryone: boolean;
  /** What to do, as the designer wrote it (bpmn:documentation); line breaks kept. */
  instructions: string | null;
  dueAt: string | null;
  followUpAt: string | null;
  priority: number | null;
  breached: boolean;
  state: TaskState;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
  /** The form-js schema (or a reference to a form); absent when the task has none. */
  form?: unknown;
  variables: Record<string, unknown>;
}

export interface NewTask {
  /** Proposed id (deterministic in the workflow); an existing row keeps its own. */
  taskId: string;
  instanceId: string;
  elementId: string;
  loopCounter: number;
  name: string | null;
  processKey: string;
  businessKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  instructions: string | null;
  dueAt: string | null;
  followUpAt: string | null;
  priority: number | null;
  form: unknown;
  variables: Record<string, unknown>;
}

interface TaskRow {
  id: string;
  name: string | null;
  element_id: string;
  process_key: string;
  instance_id: string;
  business_key: string | null;
  assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  open_to_everyone: boolean;
  instructions: string | null;
  due_at: Date | null;
  follow_up_at: Date | null;
  priority: number | null;
  breached: boolean;
  state: TaskState;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  form: unknown;
  variables: Record<string, unknown>;
  sort_key?: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const toTask = (row: TaskRow): InboxTask => ({
  id: row.id,
  name: row.name,
  elementId: row.element_id,
  processKey: row.process_key,
  instanceId: row.instance_id,
  businessKey: row.business_key,
  assignee: row.assignee,
  candidateGroups: row.candidate_groups,
  candidateUsers: row.candidate_users,
  openToEveryone: row.open_to_everyone,
  instructions: row.instructions,
  dueAt: iso(row.due_at),
  followUpAt: iso(row.follow_up_at),
  priority: row.priority,
  breached: row.breached,
  state: row.state,
  createdAt: row.created_at.toISOString(),
  completedAt: iso(row.completed_at),
  completedBy: row.completed_by,
  ...(row.form === null ? {} : { form: row.form }),
  variables: row.variables,
});

// Breached: past its due date while open, or completed after it (the SLA was missed).
const BREACHED = `(t.due_at IS NOT NULL AND COALESCE(t.completed_at, now()) > t.due_at)`;
const columns = `t.id, t.name, t.element_id, t.process_key, t.instance_id, t.business_key, t.assignee, t.candidate_groups, t.candidate_users,
  t.open_to_everyone, t.instructions, t.due_at, t.follow_up_at, t.priority, t.state, t.created_at, t.completed_at, t.completed_by, t.form,
  t.variables, ${BREACHED} AS breached`;

export type InboxFilter = 'mine' | 'group' | 'all';
export type InboxSort = 'dueAt' | 'priority' | 'createdAt';

/** Each sort is ascending on one indexed key (migrations 0601, 0602), the id breaking ties. */
const sortKeys: Record<InboxSort, { key: string; offerKey: string; type: string }> = {
  dueAt: { key: 'bpm.task_due_key(t.due_at)', offerKey: 'due_key', type: 'timestamptz' },
  priority: { key: 'bpm.task_priority_key(t.priority)', offerKey: 'priority_key', type: 'int' },
  createdAt: { key: 't.created_at', offerKey: 'created_at', type: 'timestamptz' },
};

export interface InboxQuery {
  filter: InboxFilter;
  state: TaskState;
  processKey?: string;
  sort?: InboxSort;
  breached?: boolean;
  businessKey?: string;
  /** Part of the task's name or business key. */
  q?: string;
  limit?: number;
  /** The cursor a previous page gave (`X-Next-Cursor`). */
  after?: string;
}

/** The cursor: the last row's sort key (as PostgreSQL printed it, exact) and id. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // not ours
  }
  return undefined;
}

/** The bpm.task_offers targets (migration 0602) whose tasks the filter shows to `user`. */
function offerTargets(user: { username: string; groups: string[] }, filter: InboxFilter): string[] {
  const mine = [`a:${user.username}`];
  const claimable = [...user.groups.map((group) => `g:${group}`), `u:${user.username}`, '*'];
  return filter === 'mine' ? mine : filter === 'group' ? claimable : [...mine, ...claimable];
}

/**
 * Builds the inbox query; exported so a test can EXPLAIN exactly what the API runs.
 * Open tasks: for each of the caller's targets one ordered index range of task_offers
 * (at most a page each; filters, when given, checked on the task by primary key), merged
 * and cut to a page: a page costs the same for a group with ten or ten thousand tasks. Closed tasks (state=completed|cancelled): by assignee or completer.
 */
export function inboxSql(user: { username: string; groups: string[] }, query: InboxQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where: string[] = [];
  if (query.processKey) where.push(`t.process_key = ${param(query.processKey)}`);
  if (query.businessKey) where.push(`t.business_key = ${param(query.businessKey)}`);
  if (query.breached !== undefined) where.push(query.breached ? BREACHED : `NOT ${BREACHED}`);
  if (query.q) {
    const pattern = param(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(t.name ILIKE ${pattern} OR t.business_key ILIKE ${pattern})`);
  }
  const sort = sortKeys[query.sort ?? 'dueAt'];
  const cursor = query.after ? decodeCursor(query.after) : undefined;
  const limit = param(query.limit ?? 50);

  if (query.state === 'open') {
    const targets = param(offerTargets(user, query.filter));
    const after = cursor ? ` AND (o.${sort.offerKey}, o.task_id) > (${param(cursor[0])}::${sort.type}, ${param(cursor[1])})` : '';
    const filters = where.length ? ` AND ${where.join(' AND ')}` : '';
    return {
      text: `WITH offered AS (
          SELECT DISTINCT page.task_id, page.sort_key FROM unnest(${targets}::text[]) AS target
          CROSS JOIN LATERAL (
            SELECT o.task_id, o.${sort.offerKey} AS sort_key FROM bpm.task_offers o${where.length ? ' JOIN bpm.tasks t ON t.id = o.task_id' : ''}
            WHERE o.offered_to = target${after}${filters}
            ORDER BY o.${sort.offerKey}, o.task_id LIMIT ${limit}) AS page
          ORDER BY page.sort_key, page.task_id LIMIT ${limit})
        SELECT ${columns}, offered.sort_key::text AS sort_key FROM offered JOIN bpm.tasks t ON t.id = offered.task_id
        ORDER BY offered.sort_key, offered.task_id`,
      values,
    };
  }
  const username = param(user.username);
  where.push(`t.state = ${param(query.state)}`, `(t.assignee = ${username} OR t.completed_by = ${username})`);
  if (cursor) where.push(`(${sort.key}, t.id) > (${param(cursor[0])}::${sort.type}, ${param(cursor[1])})`);
  return {
    text: `SELECT ${columns}, ${sort.key}::text AS sort_key FROM bpm.tasks t WHERE ${where.join(' AND ')} ORDER BY ${sort.key}, t.id LIMIT ${limit}`,
    values,
  };
}

/**
 * The inbox: `mine` = assigned to me; `group` = unassigned and claimable by me (one of my
 * groups, me among the candidate users, or open to everyone); `all` = both. One indexed
 * query, never Temporal. `nextCursor` is set when a full page came back.
 */
export async function listTasks(
  db: Db,
  user: { username: string; groups: string[] },
  query: InboxQuery,
): Promise<{ tasks: InboxTask[]; nextCursor: string | null }> {
  const { text, values } = inboxSql(user, query);
  const { rows } = await db.query<TaskRow>(text, values);
  const last = rows.at(-1);
  const full = rows.length === (query.limit ?? 50);
  return { tasks: rows.map(toTask), nextCursor: full && last ? encodeCursor(last.sort_key!, last.id) : null };
}

export async function findTask(db: Db, taskId: string): Promise<InboxTask | undefined> {
  const { rows } = await db.query<TaskRow>(`SELECT ${columns} FROM bpm.tasks t WHERE id = $1`, [taskId]);
  return rows[0] && toTask(rows[0]);
}

export async function openTasksOfInstance(db: Db, instanceId: string): Promise<InboxTask[]> {
  const { rows } = await db.query<TaskRow>(`SELECT ${columns} FROM bpm.tasks t WHERE instance_id = $1 AND state = 'open' ORDER BY created_at`, [instanceId]);
  return rows.map(toTask);
}

/** Whether `username` takes part in the instance: started it, or holds or held one of its tasks. */
export async function takesPartIn(db: Db, instanceId: string, username: string): Promise<boolean> {
  const { rows } = await db.query<{ part: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM bpm.tasks WHERE instance_id = $1 AND (assignee = $2 OR completed_by = $2))
         OR EXISTS (SELECT 1 FROM bpm.process_instances WHERE instance_id = $1 AND started_by = $2) AS part`,
    [instanceId, username],
  );
  return rows[0]?.part ?? false;
}

/**
 * Opens the inbox row of a user task run, idempotently (keyed by instance, element and
 * loop counter): a retried or replayed activity returns the first row's id, one event.
 * A run whose owners all resolved to nobody is open to everyone, as Camunda 8 runs it.
 */
export async function createTask(pool: Pool, task: NewTask): Promise<{ taskId: string }> {
  const openToEveryone = task.assignee === null && task.candidateGroups.length === 0 && task.candidateUsers.length === 0;
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO bpm.tasks (id, instance_id, element_id, loop_counter, name, process_key, business_key, assignee,
         candidate_groups, candidate_users, open_to_everyone, instructions, due_at, follow_up_at, priority, form, variables)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (instance_id, element_id, loop_counter) DO UPDATE SET instance_id = EXCLUDED.instance_id
       RETURNING id`,
      [
        task.taskId,
        task.instanceId,
        task.elementId,
        task.loopCounter,
        task.name,
        task.processKey,
        task.businessKey,
        task.assignee,
        task.candidateGroups,
        task.candidateUsers,
        openToEveryone,
        task.instructions,
        task.dueAt,
        task.followUpAt,
        task.priority,
        JSON.stringify(task.form ?? null),
        JSON.stringify(task.variables),
      ],
    );
    const taskId = rows[0]!.id;
    await appendEvent(client, {
      kind: 'task.created',
      instanceId: task.instanceId,
      taskId,
      idempotencyKey: `task.created:${taskId}`,
      data: { elementId: task.elementId, processKey: task.processKey, assignee: task.assignee, candidateGroups: task.candidateGroups, dueAt: task.dueAt },
    });
    return { taskId };
  });
}

/**
 * Moves an open task from `expectedAssignee` to `assignee` (claim, unclaim, delegate) and
 * records it; false when someone else changed or closed it first.
 */
export async function reassignTask(
  pool: Pool,
  change: { taskId: string; expectedAssignee: string | null; assignee: string | null; by: string; kind: 'task.claimed' | 'task.unclaimed' | 'task.delegated' },
): Promise<InboxTask | undefined> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ instance_id: string; element_id: string }>(
      `UPDATE bpm.tasks SET assignee = $3 WHERE id = $1 AND state = 'open' AND assignee IS NOT DISTINCT FROM $2 RETURNING instance_id, element_id`,
      [change.taskId, change.expectedAssignee, change.assignee],
    );
    const row = rows[0];
    if (!row) return undefined;
    await appendEvent(client, {
      kind: change.kind,
      instanceId: row.instance_id,
      taskId: change.taskId,
      actor: change.by,
      data: { elementId: row.element_id, from: change.expectedAssignee, to: change.assignee },
    });
    if (change.kind === 'task.delegated') {
      await appendAudit(client, { actor: change.by, action: 'task.delegated', target: change.taskId, details: { instanceId: row.instance_id, from: change.expectedAssignee, to: change.assignee } });
    }
    return findTask(client, change.taskId);
  });
}

/** Marks the task completed (once: a repeat changes nothing), closes its breach, records it. */
export async function completeTaskRow(db: Db, completion: { taskId: string; completedBy: string | null; variables: Record<string, unknown> }): Promise<void> {
  await closeTask(db, completion.taskId, 'completed', async (client) => {
    const { rows } = await client.query<{ instance_id: string; element_id: string; lateness: number | null }>(
      `UPDATE bpm.tasks SET state = 'completed', completed_at = now(), completed_by = $2, variables = variables || $3::jsonb
       WHERE id = $1 AND state = 'open'
       RETURNING instance_id, element_id, CASE WHEN due_at < now() THEN EXTRACT(EPOCH FROM now() - due_at)::float END AS lateness`,
      [completion.taskId, completion.completedBy, JSON.stringify(completion.variables)],
    );
    const row = rows[0];
    return row && {
      kind: 'task.completed' as const,
      instanceId: row.instance_id,
      taskId: completion.taskId,
      actor: completion.completedBy,
      idempotencyKey: `task.completed:${completion.taskId}`,
      data: { elementId: row.element_id, ...(row.lateness === null ? {} : { latenessSeconds: row.lateness }) },
    };
  });
}

/** The task's wait ended without a completion (boundary event, terminate, cancel). */
export async function cancelTaskRow(db: Db, taskId: string): Promise<void> {
  await closeTask(db, taskId, 'cancelled', async (client) => {
    const { rows } = await client.query<{ instance_id: string; element_id: string }>(
      `UPDATE bpm.tasks SET state = 'cancelled', completed_at = now() WHERE id = $1 AND state = 'open' RETURNING instance_id, element_id`,
      [taskId],
    );
    const row = rows[0];
    return row && { kind: 'task.cancelled' as const, instanceId: row.instance_id, taskId, idempotencyKey: `task.cancelled:${taskId}`, data: { elementId: row.element_id } };
  });
}

async function closeTask(db: Db, taskId: string, as: 'completed' | 'cancelled', update: (client: PoolClient) => Promise<NewEvent | undefined>): Promise<void> {
  const run = async (client: PoolClient) => {
    const event = await update(client);
    if (!event) return;
    await client.query(`UPDATE bpm.sla_breaches SET closed_at = now(), closed_as = $2 WHERE task_id = $1 AND closed_at IS NULL`, [taskId, as]);
    await appendEvent(client, event);
  };
  if ('release' in db) return run(db as PoolClient);
  return inTransaction(db as Pool, run);
}

export interface TaskComment {
  id: number;
  taskId: string;
  author: string;
  text: string;
  at: string;
}

/** Comments are append-only (the table refuses UPDATE and DELETE). */
export async function addComment(pool: Pool, comment: { taskId: string; instanceId: string; author: string; text: string }): Promise<TaskComment> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: number; at: Date }>(
      `INSERT INTO bpm.task_comments (task_id, author, text) VALUES ($1, $2, $3) RETURNING id, at`,
      [comment.taskId, comment.author, comment.text],
    );
    const row = rows[0]!;
    await appendEvent(client, { kind: 'task.commented', instanceId: comment.instanceId, taskId: comment.taskId, actor: comment.author, data: { commentId: row.id, text: comment.text } });
    return { id: row.id, taskId: comment.taskId, author: comment.author, text: comment.text, at: row.at.toISOString() };
  });
}

export interface TaskHistoryEntry {
  at: string;
  kind: 'created' | 'claimed' | 'unclaimed' | 'delegated' | 'commented' | 'breached' | 'completed' | 'cancelled';
  by: string | null;
  [field: string]: unknown;
}

/** Who did what to the task and when, oldest first: read from its events. */
export async function taskHistory(db: Db, taskId: string): Promise<TaskHistoryEntry[]> {
  const { rows } = await db.query<{ kind: string; actor: string | null; data: Record<string, unknown>; at: Date }>(
    `SELECT kind, actor, data, at FROM bpm.events WHERE task_id = $1 ORDER BY id`,
    [taskId],
  );
  return rows.map((row) => ({ ...row.data, at: row.at.toISOString(), kind: row.kind.replace(/^task\./, '') as TaskHistoryEntry['kind'], by: row.actor }));
}
