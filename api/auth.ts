import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { changePassword, endSession, login, loginLockedUntil, userForToken, type User } from '../stores/bpm/identity.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { sessionSchema } from './schemas/identity.js';

export interface AuthVariables {
  user: User;
  token: string;
}

/** The bearer token of a request, or undefined when it carries none. */
function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

/** Every route behind this needs `Authorization: Bearer <token>` from POST /api/auth/login. */
export function requireUser(pool: Pool) {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw new HttpProblem(401, 'Send Authorization: Bearer <token> (POST /api/auth/login gives one)');
    const user = await userForToken(pool, token);
    if (!user) throw new HttpProblem(401, 'The token is unknown, expired or ended; log in again');
    c.set('user', user);
    c.set('token', token);
    await next();
  });
}

/** In one of `groups`, or an admin. */
export function inGroup(user: User, ...groups: string[]): boolean {
  return user.groups.includes('admin') || groups.some((group) => user.groups.includes(group));
}

const credentials = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(200) });
const passwordChange = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(8, 'at least 8 characters').max(200),
});

/** Login (open) and logout (needs the token it ends). */
export function authRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .post(
      '/login',
      describe({ summary: 'Log in with {username, password}; returns {token, user}', public: true, responses: { 200: sessionSchema }, problems: [401, 429] }),
      validate('json', credentials),
      async (c) => {
      const { username, password } = c.req.valid('json');
      const lockedUntil = await loginLockedUntil(pool, username);
      if (lockedUntil) {
        const seconds = Math.max(1, Math.ceil((Date.parse(lockedUntil) - Date.now()) / 1000));
        c.header('Retry-After', String(seconds));
        throw new HttpProblem(429, `Too many failed logins for ${username}; try again after ${lockedUntil}`);
      }
      const session = await login(pool, username, password);
      if (!session) throw new HttpProblem(401, 'Unknown username or wrong password');
      return c.json(session);
      },
    )
    .post('/logout', describe({ summary: 'End this session: the token stops working at once', responses: { 204: null } }), requireUser(pool), async (c) => {
      await endSession(pool, c.get('token'));
      return c.body(null, 204);
    });
}

/** POST /api/me/password: the current password proves it is the user; other sessions end. */
export function passwordRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>().post(
    '/',
    describe({ summary: 'Change the password {currentPassword, newPassword}; other sessions end', responses: { 204: null }, problems: [403] }),
    validate('json', passwordChange),
    async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    if (!(await changePassword(pool, c.get('user').id, c.get('token'), currentPassword, newPassword))) {
      throw new HttpProblem(403, 'The current password is wrong', [{ field: 'currentPassword', message: 'wrong password' }]);
    }
    return c.body(null, 204);
    },
  );
}
