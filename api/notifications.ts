import { Hono } from 'hono';
import type { Pool } from '../stores/db.js';
import { notificationsFor } from '../stores/bpm/notifications.js';
import type { AuthVariables } from './auth.js';

export function notificationRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>().get('/', async (c) => c.json(await notificationsFor(pool, c.get('user'))));
}
