import { z } from 'zod';
import type { ServiceTaskType } from './types.js';

const input = z.object({
  to: z.string().min(1),
  subject: z.string().min(1),
  body: z.string().default(''),
});

/** Sends an in-app notification to a user or a group (GET /api/notifications). */
export const notifySend: ServiceTaskType<z.infer<typeof input>> = {
  type: 'notify.send',
  input,
  resultVariable: 'notification',
  async run({ to, subject, body }, { pool, idempotencyKey, instanceId }) {
    // A retried send finds the first row and returns it: one notification per step run.
    const { rows } = await pool.query(
      `WITH inserted AS (
         INSERT INTO bpm.notifications (idempotency_key, recipient, subject, body, instance_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id, recipient, subject, body, created_at)
       SELECT * FROM inserted
       UNION ALL SELECT id, recipient, subject, body, created_at FROM bpm.notifications WHERE idempotency_key = $1`,
      [idempotencyKey, to, subject, body, instanceId],
    );
    const row = rows[0];
    return { id: Number(row.id), to: row.recipient, subject: row.subject, body: row.body, sentAt: row.created_at.toISOString() };
  },
};
