import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { DEFAULT_BODY_LIMIT } from '../../api/hardening.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { readJson, testApi, type TestApi } from '../support/api.js';

const definitions = (body: string) =>
  `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">${body}</bpmn:definitions>`;

/** What no response body may show: SQL, table names, stack frames, source files. */
const LEAKS = /SELECT|INSERT|UPDATE |relation|bpm\.|syntax error|\bat \S+ \(|\.ts:\d+|node_modules|Error:/;

describe('hardening: limits, XML bombs, headers, CORS, errors', () => {
  let db: TestDatabase;
  let api: TestApi;
  let admin: Record<string, string>;
  let designer: Record<string, string>;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, 'hardening-test');
    admin = await api.as('hanna', ['admin']);
    designer = await api.as('dora', ['designers']);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  describe('request body limits', () => {
    it.each([
      ['POST', '/api/process-instances', true],
      ['POST', '/api/auth/login', false],
      ['PATCH', '/api/users/hanna', true],
    ])('should refuse a body over the default limit on %s %s with 413 problem+json', async (method, path, authenticated) => {
      // given
      const body = JSON.stringify({ processKey: 'x', padding: 'x'.repeat(DEFAULT_BODY_LIMIT) });
      // when
      const response = await api.app.request(path, { method, headers: authenticated ? admin : { 'content-type': 'application/json' }, body });
      // then
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await readJson(response)).toMatchObject({ status: 413, detail: expect.stringContaining('at most 1 MB') });
    });

    it('should let a deployment carry more than the default limit', async () => {
      // when: a 2 MB document (refused by the compiler, not by the limit)
      const xml = definitions(`<!-- ${'x'.repeat(2 * 1024 * 1024)} -->`);
      const response = await api.app.request('/api/deployments', { method: 'POST', headers: designer, body: JSON.stringify({ name: 'big', xml }) });
      // then
      expect(response.status).toBe(422);
    });
  });

  describe('XML bombs are refused before parsing, naming what was refused', () => {
    it.each([
      ['billion laughs', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>${definitions('&lol2;')}`, 'DOCTYPE and ENTITY declarations are not allowed'],
      ['an external entity', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${definitions('<bpmn:process id="p">&xxe;</bpmn:process>')}`, 'DOCTYPE and ENTITY declarations are not allowed'],
      ['deep nesting', definitions(`${'<bpmn:documentation>'.repeat(100_000)}${'</bpmn:documentation>'.repeat(100_000)}`), 'nested more than 100 deep'],
      ['a huge attribute', definitions(`<bpmn:process id="p" name="${'x'.repeat(4 * 1024 * 1024)}"/>`), 'An attribute of <bpmn:process> is 4194304 characters long'],
    ])('should refuse %s with 422 and store nothing', async (_case, xml, reason) => {
      // when
      const response = await api.app.request('/api/deployments', { method: 'POST', headers: { ...designer, 'content-type': 'application/xml' }, body: xml });
      // then
      expect(response.status).toBe(422);
      expect((await readJson(response)).errors).toEqual([{ elementId: null, message: expect.stringContaining(reason) }]);
      expect(await readJson(await api.app.request('/api/process-definitions', { headers: designer }))).toEqual([]);
    });
  });

  describe('security headers', () => {
    it('should allow eval on the API docs page alone (Scalar needs it)', async () => {
      // when
      const docs = await api.app.request('/api/docs');
      const app = await api.app.request('/');
      // then
      expect(docs.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-eval'");
      expect(app.headers.get('content-security-policy')).not.toContain('unsafe-eval');
      expect(docs.headers.get('x-frame-options')).toBe('DENY');
    });

    it.each(['/', '/api/me', '/healthz', '/api/no-such-route'])('should send them on %s', async (path) => {
      // when
      const response = await api.app.request(path, { headers: admin });
      // then
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('content-security-policy')).not.toContain('unsafe-eval');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    });
  });

  describe('CORS', () => {
    const preflight = (app: { request: TestApi['app']['request'] }, origin: string) =>
      app.request('/api/me', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });

    it('should be closed when no origin is configured', async () => {
      // when
      const response = await preflight(api.app, 'https://elsewhere.example');
      const simple = await api.app.request('/api/me', { headers: { ...admin, origin: 'https://elsewhere.example' } });
      // then
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('should answer only the configured origins', async () => {
      // given
      const app = createApp({ pool: db.pool, temporal: api.temporal, taskQueue: 'hardening-test', health: { postgres: async () => 'up', temporal: async () => 'up' }, corsOrigins: ['https://crm.example'] });
      // when
      const allowed = await preflight(app, 'https://crm.example');
      const other = await preflight(app, 'https://elsewhere.example');
      // then
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://crm.example');
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('no stack traces or SQL in any response', () => {
    it('should answer a value the database refuses with 400, naming no SQL', async () => {
      // when: a NUL character, which PostgreSQL text refuses
      const response = await api.app.request('/api/users?q=a%00b', { headers: admin });
      // then
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).not.toMatch(LEAKS);
      expect(JSON.parse(text)).toMatchObject({ status: 400, detail: 'A value in the request is out of range or malformed' });
    });

    it('should answer an unexpected failure with a bare 500', async () => {
      // given: a database that lost a table under the running app
      const broken = await freshDatabase();
      try {
        const brokenApi = await testApi(broken.pool, 'hardening-test');
        const headers = await brokenApi.as('olga', ['managers']);
        await broken.pool.query('DROP TABLE bpm.notifications CASCADE');
        // when
        const response = await brokenApi.app.request('/api/notifications', { headers });
        // then
        expect(response.status).toBe(500);
        const text = await response.text();
        expect(text).not.toMatch(LEAKS);
        expect(JSON.parse(text)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'Something went wrong on our side; it has been logged' });
        await brokenApi.close();
      } finally {
        await broken.drop();
      }
    });
  });
});
