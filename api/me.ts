import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { findActiveUser } from '../stores/bpm/identity.js';
import { responsibilitiesOf } from '../stores/bpm/responsibilities.js';
import { inGroup, passwordRoutes, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';

const responsibilityQuery = z.object({ username: z.string().min(1).max(64).optional() });

/** The caller: who they are, their password, and which steps are theirs. */
export function meRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/', (c) => c.json(c.get('user')))
    .route('/password', passwordRoutes(pool))
    .get('/responsibilities', validate('query', responsibilityQuery), async (c) => {
      const caller = c.get('user');
      const { username } = c.req.valid('query');
      if (username === undefined || username === caller.username) return c.json(await responsibilitiesOf(pool, caller));
      if (!inGroup(caller, 'managers')) throw new HttpProblem(403, "Only managers and admins may read another user's responsibilities");
      const user = await findActiveUser(pool, username);
      if (!user) throw new HttpProblem(404, `No active user ${username}`);
      return c.json(await responsibilitiesOf(pool, user));
    });
}
