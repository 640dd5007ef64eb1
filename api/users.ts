import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { createUser, listUsers, updateUser } from '../stores/bpm/identity.js';
import { inGroup, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { colleagueSchema, userAccountSchema, userSchema } from './schemas/identity.js';

const username = z.string().regex(/^[a-z0-9._-]{2,64}$/, 'lower-case letters, digits, . _ - (2 to 64)');
const groups = z.array(z.string().regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits, - (1 to 64)')).max(50);

const newUser = z.object({
  username,
  name: z.string().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(200),
  groups: groups.default([]),
});

const userChange = z
  .object({ name: z.string().min(1).max(200).optional(), groups: groups.optional(), active: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'give at least one of name, groups, active');

const userQuery = z.object({ q: z.string().max(100).optional() });

export function userRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    // Every employee may look people up to pick a delegate: names and groups only; admins see the accounts.
    .get(
      '/',
      describe({
        summary: 'Active users {username, name, groups} matching ?q= (every employee, to pick a delegate); admins see every account',
        responses: { 200: z.array(z.union([userAccountSchema, colleagueSchema])) },
      }),
      validate('query', userQuery),
      async (c) => {
      const admin = inGroup(c.get('user'));
      const users = await listUsers(pool, { q: c.req.valid('query').q, includeInactive: admin });
      return c.json(admin ? users : users.map(({ username: name, name: fullName, groups: memberOf }) => ({ username: name, name: fullName, groups: memberOf })));
      },
    )
    .post('/', describe({ summary: 'Create a user {username, name, password, groups} (group admin)', responses: { 201: userSchema }, problems: [403, 409] }), validate('json', newUser), async (c) => {
      const user = await createUser(pool, c.req.valid('json'), c.get('user').username);
      if (!user) throw new HttpProblem(409, `A user named ${c.req.valid('json').username} exists already`);
      return c.json(user, 201);
    })
    .patch(
      '/:username',
      describe({
        summary: 'Change {name?, groups?, active?} (group admin); deactivation ends the sessions at once',
        responses: { 200: userAccountSchema },
        problems: [403, 404, 409],
      }),
      validate('json', userChange),
      async (c) => {
      const target = c.req.param('username');
      const change = c.req.valid('json');
      if (target === c.get('user').username && change.active === false) {
        throw new HttpProblem(409, 'You cannot deactivate yourself', [{ field: 'active', message: 'not for your own account' }]);
      }
      const user = await updateUser(pool, target, change, c.get('user').username);
      if (!user) throw new HttpProblem(404, `No user ${target}`);
      return c.json(user);
      },
    );
}
