import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LOGIN_FAILURES } from '../../stores/bpm/identity.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { readJson, TEST_PASSWORD, testApi, type TestApi } from '../support/api.js';

describe('identity hardening: logout, passwords, user administration, throttling', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, 'identity-test');
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  const login = (username: string, password: string) =>
    api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const me = (headers: Record<string, string>) => api.app.request('/api/me', { headers });
  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    api.app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it('should end the session on logout at once', async () => {
    // given
    const headers = await api.as('lena', ['sales']);
    expect((await me(headers)).status).toBe(200);
    // when
    const out = await send('POST', '/api/auth/logout', headers);
    // then
    expect(out.status).toBe(204);
    expect((await me(headers)).status).toBe(401);
  });

  it('should refuse an expired or tampered token with 401', async () => {
    // given
    const headers = await api.as('tom', ['sales']);
    const token = headers.authorization!.slice('Bearer '.length);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    // then
    expect((await me({ authorization: `Bearer ${tampered}` })).status).toBe(401);
    // when: the session passes its expiry
    await db.pool.query(`UPDATE bpm.sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM bpm.users WHERE username = 'tom')`);
    // then
    expect((await me(headers)).status).toBe(401);
  });

  it('should change the password only with the current one, ending the other sessions', async () => {
    // given
    const first = await api.as('pia', ['sales']);
    const second = await api.as('pia', ['sales']);
    // when
    const wrong = await send('POST', '/api/me/password', first, { currentPassword: 'not-it', newPassword: 'a-new-long-password' });
    const short = await send('POST', '/api/me/password', first, { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    const changed = await send('POST', '/api/me/password', first, { currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-password' });
    // then
    expect(wrong.status).toBe(403);
    expect(short.status).toBe(400);
    expect((await readJson(short)).errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
    expect(changed.status).toBe(204);
    expect((await me(first)).status).toBe(200);
    expect((await me(second)).status).toBe(401);
    expect((await login('pia', TEST_PASSWORD)).status).toBe(401);
    expect((await login('pia', 'a-new-long-password')).status).toBe(200);
  });

  it('should let admins change name, groups and active; deactivation ends the sessions at once', async () => {
    // given
    const admin = await api.as('root', ['admin']);
    const user = await api.as('otto', ['sales']);
    // when
    const renamed = await send('PATCH', '/api/users/otto', admin, { name: 'Otto Brandt', groups: ['sales', 'managers'] });
    // then
    expect(await readJson(renamed)).toMatchObject({ username: 'otto', name: 'Otto Brandt', groups: ['sales', 'managers'], active: true });
    expect(await readJson(await me(user))).toMatchObject({ groups: ['sales', 'managers'] });
    expect((await send('PATCH', '/api/users/otto', user, { active: false })).status).toBe(403);
    expect((await send('PATCH', '/api/users/ghost', admin, { active: false })).status).toBe(404);
    expect((await send('PATCH', '/api/users/otto', admin, { active: 'no' })).status).toBe(400);
    expect((await send('PATCH', '/api/users/otto', admin, {})).status).toBe(400);
    // when
    const deactivated = await send('PATCH', '/api/users/otto', admin, { active: false });
    // then
    expect(await readJson(deactivated)).toMatchObject({ active: false });
    expect((await me(user)).status).toBe(401);
    expect((await login('otto', TEST_PASSWORD)).status).toBe(401);
    // reactivated, the user logs in again
    await send('PATCH', '/api/users/otto', admin, { active: true });
    expect((await login('otto', TEST_PASSWORD)).status).toBe(200);
  });

  it('should let every employee look up active users by name for names and groups only', async () => {
    // given
    const employee = await api.as('ivy', []);
    const admin = await api.as('root', ['admin']);
    await api.as('quentin', ['warehouse']);
    await send('PATCH', '/api/users/quentin', admin, { name: 'Quentin Quarry' });
    // when
    const found = await readJson(await api.app.request('/api/users?q=quarry', { headers: employee }));
    const asAdmin = await readJson(await api.app.request('/api/users?q=quarry', { headers: admin }));
    // then
    expect(found).toEqual([{ username: 'quentin', name: 'Quentin Quarry', groups: ['warehouse'] }]);
    expect(asAdmin).toEqual([expect.objectContaining({ username: 'quentin', active: true, createdAt: expect.any(String) })]);
    await send('PATCH', '/api/users/quentin', admin, { active: false });
    expect(await readJson(await api.app.request('/api/users?q=quarry', { headers: employee }))).toEqual([]);
  });

  it('should refuse repeated failed logins for one username with 429 and Retry-After', async () => {
    // given
    await api.as('rita', ['sales']);
    for (let attempt = 0; attempt < MAX_LOGIN_FAILURES; attempt += 1) expect((await login('rita', 'wrong-password')).status).toBe(401);
    // when
    const locked = await login('rita', TEST_PASSWORD);
    // then: even the right password waits, other users are not affected
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await readJson(locked)).toMatchObject({ status: 429, title: 'Too Many Requests' });
    await api.as('rudi', ['sales']);
    expect((await login('rudi', TEST_PASSWORD)).status).toBe(200);
  });
});
