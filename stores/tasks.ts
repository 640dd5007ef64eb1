import type { Pool } from './db.js';

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
const columns = `*, (due_at IS NOT NULL AND COALESCE(completed_at, now()) > due_at) AS breached`;

export type InboxFilter = 'mine' | 'group' | 'all';

/**
 * The inbox: `mine` = assigned to me; `group` = unassigned and claimable by me (one of my
 * groups or me among the candidate users); `all` = both. Indexed queries, never Temporal.
 */
export async function listTasks(
  pool: Pool,
  user: { username: string; groups: string[] },
  query: { filter: InboxFilter; state: TaskState; processKey?: string; limit?: number },
): Promise<InboxTask[]> {
  // $2 (my groups) is typed explicitly: with `filter=mine` nothing else would type it.
  const mine = `assignee = $1`;
  const claimable = `(assignee IS NULL AND (candidate_groups && $2::text[] OR $1 = ANY (candidate_users)))`;
  const who = query.filter === 'mine' ? `${mine} AND $2::text[] IS NOT NULL` : query.filter === 'group' ? claimable : `(${mine} OR ${claimable})`;
  const { rows } = await pool.query<TaskRow>(
    `SELECT ${columns} FROM bpm.tasks
     WHERE state = $3 AND ${who} AND ($4::text IS NULL OR process_key = $4)
     ORDER BY due_at NULLS LAST, created_at LIMIT $5`,
    [user.username, user.groups, query.state, query.processKey ?? null, query.limit ?? 500],
  );
  return rows.map(toTask);
}

export async function findTask(pool: Pool, taskId: string): Promise<InboxTask | undefined> {
  const { rows } = await pool.query<TaskRow>(`SELECT ${columns} FROM bpm.tasks WHERE id = $1`, [taskId]);
  return rows[0] && toTask(rows[0]);
}

export async function openTasksOfInstance(pool: Pool, instanceId: string): Promise<InboxTask[]> {
  const { rows } = await pool.query<TaskRow>(`SELECT ${columns} FROM bpm.tasks WHERE instance_id = $1 AND state = 'open' ORDER BY created_at`, [instanceId]);
  return rows.map(toTask);
}

/** Sets the assignee only while the task is open and `expectedAssignee` still holds it. */
export async function setAssignee(pool: Pool, taskId: string, expectedAssignee: string | null, assignee: string | null): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE bpm.tasks SET assignee = $3 WHERE id = $1 AND state = 'open' AND assignee IS NOT DISTINCT FROM $2`,
    [taskId, expectedAssignee, assignee],
  );
  return rowCount === 1;
}

export async function markTaskCompleted(pool: Pool, taskId: string, completedBy: string, variables: Record<string, unknown>): Promise<void> {
  await pool.query(
    `UPDATE bpm.tasks SET state = 'completed', completed_at = COALESCE(completed_at, now()), completed_by = COALESCE(completed_by, $2),
       variables = variables || $3::jsonb
     WHERE id = $1 AND state <> 'cancelled'`,
    [taskId, completedBy, JSON.stringify(variables)],
  );
}
