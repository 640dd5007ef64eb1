/**
 * The audit log (CONTRACT §2: GET /api/audit, admins): who deployed, started, cancelled,
 * retried, completed, delegated, created or changed a user, and when. Writers append in
 * the transaction of the action where there is one (so a rolled-back action leaves no
 * entry), otherwise right after the Temporal call succeeded; the idempotency key makes a
 * retried request log nothing when the action itself was not repeated. Ids commit in
 * order (one advisory lock, as for the events outbox), so `after` the last id seen never
 * misses one.
 */
import type { PoolClient } from '../db.js';
import { atomically, type Db } from '../tx.js';

export const AUDIT_ACTIONS = [
  'deployment.created',
  'instance.started',
  'instance.cancelled',
  'instance.retried',
  'task.completed',
  'task.delegated',
  'user.created',
  'user.changed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface NewAuditEntry {
  actor: string;
  action: AuditAction;
  /** A deployment id, instance id, task id or username. */
  target: string;
  details?: Record<string, unknown>;
  /** The same key twice logs once, e.g. `instance.cancelled:<instanceId>`. */
  idempotencyKey?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  target: string;
  details: Record<string, unknown>;
}

/** "bpm.audit" */
const AUDIT_LOCK = 0x62617564;

/** Appends one entry, inside the caller's transaction or one of its own; null when the key was used. */
export async function appendAudit(db: Db, entry: NewAuditEntry): Promise<number | null> {
  return atomically(db, async (client: PoolClient) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO bpm.audit_log (actor, action, target, details, idempotency_key) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [entry.actor, entry.action, entry.target, JSON.stringify(entry.details ?? {}), entry.idempotencyKey ?? null],
    );
    return rows[0] ? Number(rows[0].id) : null;
  });
}

/** Entries after `after`, oldest first. */
export async function auditAfter(db: Db, after: number, limit = 100): Promise<AuditEntry[]> {
  const { rows } = await db.query<{ id: string; at: Date; actor: string; action: AuditAction; target: string; details: Record<string, unknown> }>(
    `SELECT id, at, actor, action, target, details FROM bpm.audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
    [after, limit],
  );
  return rows.map((row) => ({ id: Number(row.id), at: row.at.toISOString(), actor: row.actor, action: row.action, target: row.target, details: row.details }));
}
