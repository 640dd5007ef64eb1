import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutes } from '../../api/openapi.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { readJson, TEST_PASSWORD, testApi, type TestApi } from '../support/api.js';

describe('identity and access', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, 'auth-test');
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('should answer /healthz without a token', async () => {
    // when
    const response = await api.app.request('/healthz');
    // then
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({ ok: true, postgres: 'up', temporal: 'up' });
  });

  it('should refuse every other route without a valid token, as problem+json', async () => {
    for (const [method, path] of [['GET', '/api/me'], ['GET', '/api/process-definitions'], ['POST', '/api/deployments'], ['GET', '/api/process-instances/x']]) {
      // when
      const missing = await api.app.request(path!, { method });
      const forged = await api.app.request(path!, { method, headers: { authorization: 'Bearer forged' } });
      // then
      expect(missing.status, `${method} ${path}`).toBe(401);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(await readJson(missing)).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(forged.status, `${method} ${path}`).toBe(401);
    }
  });

  it('should log a user in and tell who they are', async () => {
    // given
    const headers = await api.as('anna', ['sales']);
    // when
    const me = await api.app.request('/api/me', { headers });
    // then
    expect(await readJson(me)).toMatchObject({ username: 'anna', groups: ['sales'] });
  });

  it('should not tell a wrong password from an unknown user', async () => {
    // given
    await api.as('bob', ['sales']);
    const attempt = (username: string, password: string) =>
      api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    // when
    const wrong = await attempt('bob', `${TEST_PASSWORD}x`);
    const unknown = await attempt('nobody', TEST_PASSWORD);
    // then
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await readJson(wrong)).detail).toBe((await readJson(unknown)).detail);
  });

  it('should store only a scrypt hash of the password', async () => {
    // when
    const { rows } = await db.pool.query(`SELECT password_hash FROM bpm.users WHERE username = 'anna'`);
    // then
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(rows[0].password_hash).not.toContain(TEST_PASSWORD);
  });

  it('should let only admins create users, and name the field at fault', async () => {
    // given
    const admin = await api.as('root', ['admin']);
    const seller = await api.as('sam', ['sales']);
    const newUser = { username: 'walter', name: 'Walter', password: 'long-enough', groups: ['warehouse'] };
    // when
    const refused = await api.app.request('/api/users', { method: 'POST', headers: seller, body: JSON.stringify(newUser) });
    const created = await api.app.request('/api/users', { method: 'POST', headers: admin, body: JSON.stringify(newUser) });
    const twice = await api.app.request('/api/users', { method: 'POST', headers: admin, body: JSON.stringify(newUser) });
    const invalid = await api.app.request('/api/users', { method: 'POST', headers: admin, body: JSON.stringify({ ...newUser, username: 'W', password: 'x' }) });
    // then
    expect(refused.status).toBe(403);
    expect(created.status).toBe(201);
    expect(await readJson(created)).toMatchObject({ username: 'walter', groups: ['warehouse'] });
    expect(twice.status).toBe(409);
    expect(invalid.status).toBe(400);
    expect((await readJson(invalid)).errors.map((e: { field: string }) => e.field)).toEqual(['username', 'password']);
  });

  it('should let every employee read the CRM and ERP, and only their departments write', async () => {
    // given
    const seller = await api.as('sara', ['sales']);
    const storekeeper = await api.as('wes', ['warehouse']);
    const client = JSON.stringify({ name: 'Initech' });
    const receipt = JSON.stringify({ sku: 'NOPE-1', warehouse: 'NOPE', qty: 1 });
    // when
    const sellerReadsStock = await api.app.request('/api/erp/stock', { headers: seller });
    const sellerReceives = await api.app.request('/api/erp/stock/receipts', { method: 'POST', headers: seller, body: receipt });
    const storekeeperCreatesClient = await api.app.request('/api/crm/clients', { method: 'POST', headers: storekeeper, body: client });
    const sellerCreatesClient = await api.app.request('/api/crm/clients', { method: 'POST', headers: seller, body: client });
    // then
    expect(sellerReadsStock.status).toBe(200);
    expect(sellerReceives.status).toBe(403);
    expect(storekeeperCreatesClient.status).toBe(403);
    expect(sellerCreatesClient.status).toBe(201);
  });

  it('should answer malformed JSON with 400, never 500', async () => {
    // given
    const headers = await api.as('root2', ['admin']);
    // when
    const response = await api.app.request('/api/users', { method: 'POST', headers, body: '{not json' });
    // then
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('should describe every route it has in /api/openapi.json', async () => {
    // given
    const headers = await api.as('reader', []);
    // when
    const document = (await (await api.app.request('/api/openapi.json', { headers })).json()) as {
      paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
    };
    // then: a route without describe(...) is missing from the document
    const undescribed = appRoutes(api.app).filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      const operation = document.paths[path]?.[method.toLowerCase()];
      return !operation?.summary || !Object.keys(operation.responses).some((status) => status.startsWith('2'));
    });
    expect(undescribed).toEqual([]);
    expect(appRoutes(api.app).length).toBeGreaterThan(60);
  });
});
