import type { PoolClient } from '../db.js';
import type { Db } from '../tx.js';

export interface Notification {
  id: number;
  to: string;
  kind: 'message' | 'sla.breached';
  subject: string;
  body: string;
  instanceId: string | null;
  taskId: string | null;
  createdAt: string;
  /** Whether the caller has read it (per person, also for a group's notification). */
  read: boolean;
}

export interface NewNotification {
  /** A retried sender finds the first row: one notification per step run and recipient. */
  idempotencyKey: string;
  /** A username or a group name. */
  recipient: string;
  subject: string;
  body: string;
  instanceId: string | null;
  taskId?: string | null;
  kind?: Notification['kind'];
}

/** Inserts once per idempotency key and returns the row (the first one on a repeat). */
export async function insertNotification(
  db: Db | PoolClient,
  notification: NewNotification,
): Promise<{ id: number; to: string; subject: string; body: string; sentAt: string }> {
  const { rows } = await db.query<{ id: number; recipient: string; subject: string; body: string; created_at: Date }>(
    `WITH inserted AS (
       INSERT INTO bpm.notifications (idempotency_key, recipient, subject, body, instance_id, task_id, kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, recipient, subject, body, created_at)
     SELECT * FROM inserted
     UNION ALL SELECT id, recipient, subject, body, created_at FROM bpm.notifications WHERE idempotency_key = $1`,
    [
      notification.idempotencyKey,
      notification.recipient,
      notification.subject,
      notification.body,
      notification.instanceId,
      notification.taskId ?? null,
      notification.kind ?? 'message',
    ],
  );
  const row = rows[0]!;
  return { id: row.id, to: row.recipient, subject: row.subject, body: row.body, sentAt: row.created_at.toISOString() };
}

/** What reached the user: sent to them by name or to one of their groups; newest first. */
export async function notificationsFor(db: Db, user: { username: string; groups: string[] }, limit = 200): Promise<Notification[]> {
  const { rows } = await db.query<{
    id: number;
    recipient: string;
    kind: Notification['kind'];
    subject: string;
    body: string;
    instance_id: string | null;
    task_id: string | null;
    created_at: Date;
    read: boolean;
  }>(
    `SELECT n.id, n.recipient, n.kind, n.subject, n.body, n.instance_id, n.task_id, n.created_at, (r.username IS NOT NULL) AS read
     FROM bpm.notifications n LEFT JOIN bpm.notification_reads r ON r.notification_id = n.id AND r.username = $1
     WHERE n.recipient = $1 OR n.recipient = ANY ($2::text[])
     ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
    [user.username, user.groups, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    to: row.recipient,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    instanceId: row.instance_id,
    taskId: row.task_id,
    createdAt: row.created_at.toISOString(),
    read: row.read,
  }));
}

/** Marks one notification read for the user; false when it never reached them. */
export async function markNotificationRead(db: Db, user: { username: string; groups: string[] }, id: number): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO bpm.notification_reads (notification_id, username)
     SELECT id, $1 FROM bpm.notifications WHERE id = $3 AND (recipient = $1 OR recipient = ANY ($2::text[]))
     ON CONFLICT DO NOTHING RETURNING 1`,
    [user.username, user.groups, id],
  );
  if (rows.length) return true;
  const reached = await db.query(`SELECT 1 FROM bpm.notifications WHERE id = $3 AND (recipient = $1 OR recipient = ANY ($2::text[]))`, [user.username, user.groups, id]);
  return reached.rows.length > 0;
}
