import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { markNotificationRead, notificationsFor } from '../stores/bpm/notifications.js';
import type { AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { notificationSchema } from './schemas/tasks.js';

const idParam = z.object({ id: z.coerce.number().int().positive() });

export function notificationRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get(
      '/',
      describe({
        summary: "The caller's notifications (notify.send and SLA breaches, to them or their groups), newest first, with read marks",
        responses: { 200: z.array(notificationSchema) },
      }),
      async (c) => c.json(await notificationsFor(pool, c.get('user'))),
    )
    .post('/:id/read', describe({ summary: 'Mark one notification read (for the caller)', responses: { 204: null }, problems: [404] }), validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await markNotificationRead(pool, c.get('user'), id))) throw new HttpProblem(404, `No notification ${id} for you`);
      return c.body(null, 204);
    });
}
