import { z } from 'zod';
import { insertNotification } from '../../stores/bpm/notifications.js';
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
  execution: 'local', // one short idempotent store transaction
  async run({ to, subject, body }, { pool, idempotencyKey, instanceId }) {
    // A retried send finds the first row and returns it: one notification per step run.
    return insertNotification(pool, { idempotencyKey, recipient: to, subject, body, instanceId });
  },
};
