import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { findActiveUser } from '../stores/bpm/identity.js';
import { responsibilitiesOf } from '../stores/bpm/responsibilities.js';
import { inGroup, passwordRoutes, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { responsibilitySchema, userSchema } from './schemas/identity.js';

const responsibilityQuery = z.object({ username: z.string().min(1).max(64).optional() });

/** The caller: who they are, their password, and which steps are theirs. */
export function meRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/', describe({ summary: 'The logged-in user', responses: { 200: userSchema } }), (c) => c.json(c.get('user')))
    .route('/password', passwordRoutes(pool))
    .get(
      '/responsibilities',
      describe({
        summary: 'Every step of every deployed process the caller may own, how (via), with open and breached counts (?username= for managers)',
        responses: { 200: z.array(responsibilitySchema) },
        problems: [403, 404],
      }),
      validate('query', responsibilityQuery),
      async (c) => {
      const caller = c.get('user');
      const { username } = c.req.valid('query');
      if (username === undefined || username === caller.username) return c.json(await responsibilitiesOf(pool, caller));
      if (!inGroup(caller, 'managers')) throw new HttpProblem(403, "Only managers and admins may read another user's responsibilities");
      const user = await findActiveUser(pool, username);
      if (!user) throw new HttpProblem(404, `No active user ${username}`);
      return c.json(await responsibilitiesOf(pool, user));
      },
    );
}
