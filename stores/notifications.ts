import type { Pool } from './db.js';

export interface Notification {
  id: number;
  to: string;
  subject: string;
  body: string;
  instanceId: string | null;
  createdAt: string;
}

/** What reached the user: sent to them by name or to one of their groups; newest first. */
export async function notificationsFor(pool: Pool, user: { username: string; groups: string[] }, limit = 200): Promise<Notification[]> {
  const { rows } = await pool.query<{ id: number; recipient: string; subject: string; body: string; instance_id: string | null; created_at: Date }>(
    `SELECT id, recipient, subject, body, instance_id, created_at FROM bpm.notifications
     WHERE recipient = $1 OR recipient = ANY ($2::text[])
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [user.username, user.groups, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    body: row.body,
    instanceId: row.instance_id,
    createdAt: row.created_at.toISOString(),
  }));
}
