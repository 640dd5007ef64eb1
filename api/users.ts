import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { createUser, listUsers } from '../stores/bpm/identity.js';
import { requireGroup, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';

const newUser = z.object({
  username: z.string().regex(/^[a-z0-9._-]{2,64}$/, 'lower-case letters, digits, . _ - (2 to 64)'),
  name: z.string().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(200),
  groups: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).default([]),
});

export function userRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/', requireGroup(), async (c) => c.json(await listUsers(pool)))
    .post('/', requireGroup(), validate('json', newUser), async (c) => {
      const user = await createUser(pool, c.req.valid('json'));
      if (!user) throw new HttpProblem(409, `A user named ${c.req.valid('json').username} exists already`);
      return c.json(user, 201);
    });
}
