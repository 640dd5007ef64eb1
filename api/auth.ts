import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { login, userForToken, type User } from '../stores/bpm/identity.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';

export interface AuthVariables {
  user: User;
}

/** Every route behind this needs `Authorization: Bearer <token>` from POST /api/auth/login. */
export function requireUser(pool: Pool) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpProblem(401, 'Send Authorization: Bearer <token> (POST /api/auth/login gives one)');
    const user = await userForToken(pool, match[1]!);
    if (!user) throw new HttpProblem(401, 'The token is unknown or expired; log in again');
    c.set('user', user);
    await next();
  });
}

/** Authorisation checked on the server: the caller must be in one of `groups` (admin always is). */
export function requireGroup(...groups: string[]) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const user = c.get('user');
    if (!user.groups.includes('admin') && !groups.some((group) => user.groups.includes(group))) {
      throw new HttpProblem(403, `This needs one of the groups: ${['admin', ...groups].join(', ')}`);
    }
    await next();
  });
}

const credentials = z.object({ username: z.string().min(1), password: z.string().min(1) });

export function authRoutes(pool: Pool) {
  return new Hono().post('/login', validate('json', credentials), async (c) => {
    const { username, password } = c.req.valid('json');
    const session = await login(pool, username, password);
    if (!session) throw new HttpProblem(401, 'Unknown username or wrong password');
    return c.json(session);
  });
}

/** Reads are open to every employee; writes need one of `groups` (admin always may). */
export function requireGroupToWrite(...groups: string[]) {
  const check = requireGroup(...groups);
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return check(c, next);
  });
}
