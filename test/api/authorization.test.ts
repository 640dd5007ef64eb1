import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorization, GROUPS, verdict, type Verdict } from '../../api/authorization.js';
import { appRoutes } from '../../api/openapi.js';
import { updateUser } from '../../stores/bpm/identity.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { readJson, TEST_PASSWORD, testApi, type TestApi } from '../support/api.js';

interface Principal {
  name: string;
  username: string;
  /** null: a deactivated user, whose token was valid before. */
  groups: string[] | null;
  headers: Record<string, string>;
}

/** Path parameters no record has: the handler answers 400, 404 or 409, never 401 or 403 from the table. */
function concretePath(path: string): string {
  return path.replace('{key}', 'no-such-process').replace('{username}', 'no-such-user').replace(/\{\w+\}/g, () => randomUUID());
}

describe('the authorisation matrix', () => {
  let db: TestDatabase;
  let api: TestApi;
  const principals: Principal[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, 'authorization-test');
    for (const group of GROUPS) principals.push({ name: group, username: `m-${group}`, groups: [group], headers: await api.as(`m-${group}`, [group]) });
    principals.push({ name: 'no groups', username: 'm-nobody', groups: [], headers: await api.as('m-nobody', []) });
    const deactivated = await api.as('m-gone', ['admin', 'managers']);
    await updateUser(db.pool, 'm-gone', { active: false });
    principals.push({ name: 'deactivated', username: 'm-gone', groups: null, headers: deactivated });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('should list every route of the app and nothing else', () => {
    // when
    const routes = appRoutes(api.app).sort();
    // then
    expect(Object.keys(authorization).sort()).toEqual(routes);
  });

  it('should give every principal on every route what the table says', async () => {
    // given
    const failures: string[] = [];
    let cases = 0;
    const byVerdict: Record<string, number> = {};
    for (const [route, access] of Object.entries(authorization)) {
      const [method, path] = route.split(' ') as [string, string];
      for (const principal of principals) {
        const expected: Verdict = verdict(access, principal.groups);
        // Logging out ends the session: do it with a token of its own.
        const headers = route === 'POST /api/auth/logout' && principal.groups ? await api.as(principal.username, []) : principal.headers;
        // when
        const response = await api.app.request(concretePath(path), {
          method,
          headers,
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        await response.body?.cancel(); // streams never end by themselves
        cases++;
        byVerdict[expected] = (byVerdict[expected] ?? 0) + 1;
        // then
        const status = response.status;
        const ok =
          expected === 'allowed' ? status !== 401 && status !== 403 && status < 500
          : expected === 'row-level' ? status !== 401 && status < 500
          : status === expected;
        if (!ok) failures.push(`${route} as ${principal.name}: ${status}, expected ${expected}`);
      }
    }
    console.log(`authorisation matrix: ${cases} route x principal cases (${Object.keys(authorization).length} routes x ${principals.length} principals): ${JSON.stringify(byVerdict)}`);
    expect(failures).toEqual([]);
    expect(cases).toBe(Object.keys(authorization).length * principals.length);
  });

  it('should refuse with a problem naming the groups it needs', async () => {
    // given
    const sales = principals.find((principal) => principal.name === 'sales')!;
    // when
    const response = await api.app.request('/api/deployments', { method: 'POST', headers: sales.headers, body: '{}' });
    // then
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(response)).toMatchObject({ status: 403, detail: 'This needs one of the groups: admin, designers' });
  });

  it('should let the deactivated user no longer log in', async () => {
    // when
    const response = await api.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'm-gone', password: TEST_PASSWORD }),
    });
    // then
    expect(response.status).toBe(401);
  });
});
