/**
 * SLA: a user task's due date is its deadline. The process's own timer calls
 * `recordBreach` at the due time; completing the task closes the breach
 * (stores/bpm/tasks.ts). Managers read breaches, per-step and per-owner figures, all
 * computed in SQL over a period (`from`/`to`, on the task's creation time).
 */
import { inTransaction, type Pool } from '../db.js';
import type { Db } from '../tx.js';
import { appendEvent } from './events.js';
import { insertNotification } from './notifications.js';

export const MANAGERS_GROUP = 'managers';

export interface SlaBreach {
  taskId: string;
  elementId: string;
  name: string | null;
  processKey: string;
  instanceId: string;
  assignee: string | null;
  candidateGroups: string[];
  dueAt: string;
  breachedAt: string;
  completedAt?: string;
  /** Seconds past the due date when it was completed. */
  latenessSeconds?: number;
}

/**
 * Records the breach of a task that is still open past its due date (`breachedAt`: when
 * the process's timer fired; now when not given), notifies its owner
 * (assignee, else candidate users and groups) and the managers, and appends
 * task.breached: all once, however often the activity runs. Returns whether it breached
 * (false: the task was closed or is not due yet).
 */
export async function recordBreach(pool: Pool, taskId: string, breachedAt?: string): Promise<{ breached: boolean }> {
  return inTransaction(pool, async (client) => {
    // Locked, so a completion racing the timer either closes the task first (no breach) or after (breach closed).
    const { rows } = await client.query<{
      instance_id: string;
      process_key: string;
      element_id: string;
      name: string | null;
      assignee: string | null;
      candidate_groups: string[];
      candidate_users: string[];
      due_at: Date;
    }>(
      `SELECT instance_id, process_key, element_id, name, assignee, candidate_groups, candidate_users, due_at FROM bpm.tasks
       WHERE id = $1 AND state = 'open' AND due_at <= now() FOR UPDATE`,
      [taskId],
    );
    const breach = rows[0];
    const inserted = breach
      ? await client.query(
          `INSERT INTO bpm.sla_breaches (task_id, instance_id, process_key, element_id, due_at, breached_at)
           VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()))
           ON CONFLICT (task_id) DO NOTHING`,
          [taskId, breach.instance_id, breach.process_key, breach.element_id, breach.due_at, breachedAt ?? null],
        )
      : undefined;
    if (!breach || inserted?.rowCount !== 1) {
      const already = await client.query(`SELECT 1 FROM bpm.sla_breaches WHERE task_id = $1`, [taskId]);
      return { breached: already.rows.length > 0 };
    }
    const owners = breach.assignee ? [breach.assignee] : [...breach.candidate_users, ...breach.candidate_groups];
    const subject = `Deadline missed: ${breach.name ?? breach.element_id}`;
    const body = `The step "${breach.name ?? breach.element_id}" of ${breach.process_key} was due at ${breach.due_at.toISOString()} and is still open.`;
    for (const recipient of new Set([...owners, MANAGERS_GROUP])) {
      await insertNotification(client, {
        idempotencyKey: `sla.breached:${taskId}:${recipient}`,
        recipient,
        subject,
        body,
        instanceId: breach.instance_id,
        taskId,
        kind: 'sla.breached',
      });
    }
    await appendEvent(client, {
      kind: 'task.breached',
      instanceId: breach.instance_id,
      taskId,
      idempotencyKey: `task.breached:${taskId}`,
      data: { elementId: breach.element_id, dueAt: breach.due_at.toISOString(), notified: [...new Set([...owners, MANAGERS_GROUP])] },
    });
    return { breached: true };
  });
}

export interface Period {
  from?: string;
  to?: string;
}

/** `t.created_at` within the period; parameters $1 (from) and $2 (to), null for open-ended. */
const IN_PERIOD = `($1::timestamptz IS NULL OR t.created_at >= $1) AND ($2::timestamptz IS NULL OR t.created_at < $2)`;

export async function listBreaches(
  db: Db,
  filter: Period & { processKey?: string; open?: boolean; owner?: string; group?: string; limit?: number },
): Promise<SlaBreach[]> {
  const { rows } = await db.query<{
    task_id: string;
    element_id: string;
    name: string | null;
    process_key: string;
    instance_id: string;
    assignee: string | null;
    candidate_groups: string[];
    due_at: Date;
    breached_at: Date;
    completed_at: Date | null;
    lateness: number | null;
  }>(
    `SELECT b.task_id, b.element_id, t.name, b.process_key, b.instance_id, t.assignee, t.candidate_groups, b.due_at, b.breached_at,
       t.completed_at, CASE WHEN t.state = 'completed' THEN EXTRACT(EPOCH FROM t.completed_at - b.due_at)::float END AS lateness
     FROM bpm.sla_breaches b JOIN bpm.tasks t ON t.id = b.task_id
     WHERE ($1::timestamptz IS NULL OR b.breached_at >= $1) AND ($2::timestamptz IS NULL OR b.breached_at < $2)
       AND ($3::text IS NULL OR b.process_key = $3)
       AND ($4::boolean IS NULL OR (b.closed_at IS NULL) = $4)
       AND ($5::text IS NULL OR t.assignee = $5 OR (t.assignee IS NULL AND $5 = ANY (t.candidate_users)))
       AND ($6::text IS NULL OR $6 = ANY (t.candidate_groups))
     ORDER BY b.breached_at DESC LIMIT $7`,
    [filter.from ?? null, filter.to ?? null, filter.processKey ?? null, filter.open ?? null, filter.owner ?? null, filter.group ?? null, filter.limit ?? 500],
  );
  return rows.map((row) => ({
    taskId: row.task_id,
    elementId: row.element_id,
    name: row.name,
    processKey: row.process_key,
    instanceId: row.instance_id,
    assignee: row.assignee,
    candidateGroups: row.candidate_groups,
    dueAt: row.due_at.toISOString(),
    breachedAt: row.breached_at.toISOString(),
    ...(row.completed_at ? { completedAt: row.completed_at.toISOString() } : {}),
    ...(row.lateness === null ? {} : { latenessSeconds: row.lateness }),
  }));
}

export interface StepSummary {
  processKey: string;
  elementId: string;
  name: string | null;
  open: number;
  breached: number;
  completed: number;
  /** Completed by the due date, of the completed tasks that had one; null when none had. */
  onTimeRate: number | null;
  /** Cycle time (created to completed) percentiles of completed tasks. */
  p50Seconds: number | null;
  p90Seconds: number | null;
}

/** Counts and on-time rate shared by the step and owner views (aliases `t` for tasks). */
const COUNTS = `
  count(*) FILTER (WHERE t.state = 'open')::int AS open,
  count(*) FILTER (WHERE t.due_at IS NOT NULL AND COALESCE(t.completed_at, now()) > t.due_at AND t.state <> 'cancelled')::int AS breached,
  count(*) FILTER (WHERE t.state = 'completed')::int AS completed,
  (count(*) FILTER (WHERE t.state = 'completed' AND t.due_at IS NOT NULL AND t.completed_at <= t.due_at))::float
    / NULLIF(count(*) FILTER (WHERE t.state = 'completed' AND t.due_at IS NOT NULL), 0) AS on_time_rate`;

export async function stepSummary(db: Db, filter: Period & { processKey?: string }): Promise<StepSummary[]> {
  const { rows } = await db.query<{
    process_key: string;
    element_id: string;
    name: string | null;
    open: number;
    breached: number;
    completed: number;
    on_time_rate: number | null;
    p50: number | null;
    p90: number | null;
  }>(
    `SELECT t.process_key, t.element_id, max(t.name) AS name, ${COUNTS},
       percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM t.completed_at - t.created_at)) FILTER (WHERE t.state = 'completed') AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM t.completed_at - t.created_at)) FILTER (WHERE t.state = 'completed') AS p90
     FROM bpm.tasks t
     WHERE ${IN_PERIOD} AND ($3::text IS NULL OR t.process_key = $3)
     GROUP BY t.process_key, t.element_id ORDER BY t.process_key, t.element_id`,
    [filter.from ?? null, filter.to ?? null, filter.processKey ?? null],
  );
  return rows.map((row) => ({
    processKey: row.process_key,
    elementId: row.element_id,
    name: row.name,
    open: row.open,
    breached: row.breached,
    completed: row.completed,
    onTimeRate: row.on_time_rate,
    p50Seconds: row.p50,
    p90Seconds: row.p90,
  }));
}

export interface OwnerSummary {
  owner: string;
  kind: 'user' | 'group';
  open: number;
  breached: number;
  completed: number;
  onTimeRate: number | null;
}

/**
 * Per user (the assignee, or whoever completed it) and per candidate group. A task with
 * an assignee counts for the user and for its groups: managers ask both questions.
 */
export async function ownerSummary(db: Db, filter: Period & { processKey?: string }): Promise<OwnerSummary[]> {
  const { rows } = await db.query<{ owner: string; kind: 'user' | 'group'; open: number; breached: number; completed: number; on_time_rate: number | null }>(
    `WITH t AS (
       SELECT * FROM bpm.tasks t WHERE ${IN_PERIOD} AND ($3::text IS NULL OR t.process_key = $3)
     ), owned AS (
       SELECT COALESCE(t.completed_by, t.assignee) AS owner, 'user' AS kind, t.* FROM t WHERE COALESCE(t.completed_by, t.assignee) IS NOT NULL
       UNION ALL
       SELECT g.name, 'group', t.* FROM t CROSS JOIN LATERAL unnest(t.candidate_groups) AS g (name)
     )
     SELECT owner, kind, ${COUNTS} FROM owned t GROUP BY owner, kind ORDER BY kind DESC, owner`,
    [filter.from ?? null, filter.to ?? null, filter.processKey ?? null],
  );
  return rows.map((row) => ({ owner: row.owner, kind: row.kind, open: row.open, breached: row.breached, completed: row.completed, onTimeRate: row.on_time_rate }));
}
