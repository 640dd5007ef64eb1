/**
 * The events outbox (CONTRACT §2 "SLA": GET /api/events). Every writer appends inside the
 * transaction of the change it reports, so an event exists exactly when its change does.
 *
 * Commit order, and why serialised writers: ids come from a sequence, and a sequence hands
 * out numbers at insert time, not at commit. Without care, transaction A takes id 5, B
 * takes id 6 and commits first; a reader sees 6, asks `after=6` and never sees 5. We take
 * one transaction-scoped advisory lock before the insert, held until commit or rollback,
 * so ids are handed out and committed one writer at a time: a larger id always commits
 * later. The alternative (serve only ids below the oldest transaction still in flight)
 * keeps writers parallel but needs every reader to reason about snapshots and stalls all
 * readers behind one long transaction; our writers append last and commit at once, so the
 * lock is held for one insert and a commit. Append the event as the last statement of
 * the transaction to keep it that way.
 */
import type { PoolClient } from '../db.js';
import type { Db } from '../tx.js';

export const EVENT_KINDS = [
  'task.created',
  'task.claimed',
  'task.unclaimed',
  'task.delegated',
  'task.commented',
  'task.completed',
  'task.cancelled',
  'task.breached',
  'instance.started',
  'instance.completed',
  'instance.cancelled',
  'incident.opened',
  'incident.resolved',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export interface NewEvent {
  kind: EventKind;
  instanceId: string;
  taskId?: string | null;
  /** The username of whoever did it, when a person did. */
  actor?: string | null;
  /**
   * Makes a retried or replayed writer a no-op: the second append with the same key adds
   * nothing. Give one wherever the writer can run twice (activities); e.g.
   * `task.created:<taskId>`, `instance.completed:<instanceId>`.
   */
  idempotencyKey?: string | null;
  /** Extra fields for readers (JSON), e.g. `{elementId, to}`. */
  data?: Record<string, unknown>;
}

export interface BpmEvent {
  id: number;
  kind: EventKind;
  instanceId: string;
  taskId?: string;
  by?: string;
  at: string;
  [field: string]: unknown;
}

/** One lock for every outbox writer (an arbitrary constant, "bpm.events"). */
const OUTBOX_LOCK = 0x62706d65;

/**
 * Appends one event inside the caller's transaction (`client` must be in BEGIN ... COMMIT).
 * Returns the new id, or null when `idempotencyKey` was already used.
 */
export async function appendEvent(client: PoolClient, event: NewEvent): Promise<number | null> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO bpm.events (kind, instance_id, task_id, actor, idempotency_key, data)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [event.kind, event.instanceId, event.taskId ?? null, event.actor ?? null, event.idempotencyKey ?? null, JSON.stringify(event.data ?? {})],
  );
  return rows[0]?.id ?? null;
}

interface EventRow {
  id: number;
  kind: EventKind;
  instance_id: string;
  task_id: string | null;
  actor: string | null;
  data: Record<string, unknown>;
  at: Date;
}

const toEvent = (row: EventRow): BpmEvent => ({
  ...row.data,
  id: row.id,
  kind: row.kind,
  instanceId: row.instance_id,
  ...(row.task_id ? { taskId: row.task_id } : {}),
  ...(row.actor ? { by: row.actor } : {}),
  at: row.at.toISOString(),
});

/** Events after `after`, in commit order (= id order, see above). */
export async function eventsAfter(db: Db, after: number, limit = 500): Promise<BpmEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT id, kind, instance_id, task_id, actor, data, at FROM bpm.events WHERE id > $1 ORDER BY id LIMIT $2`,
    [after, limit],
  );
  return rows.map(toEvent);
}

/** The newest event's id (0 for none): where a follower that asks for no past starts. */
export async function latestEventId(db: Db): Promise<number> {
  const { rows } = await db.query<{ id: string | null }>(`SELECT max(id) AS id FROM bpm.events`);
  return Number(rows[0]?.id ?? 0);
}
