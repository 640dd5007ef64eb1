import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { readJson, testApi, type TestApi } from '../support/api.js';

describe('the API description: /api/openapi.json, 405 and /api/docs', () => {
  let db: TestDatabase;
  let api: TestApi;
  let headers: Record<string, string>;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, 'openapi-test');
    headers = await api.as('reader', []);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('should serve a document that passes an OpenAPI 3.1 validator', async () => {
    // when
    const response = await api.app.request('/api/openapi.json', { headers });
    const document = await readJson(response);
    const validator = new Validator();
    const result = await validator.validate(document);
    // then
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const operations = Object.values(document.paths as Record<string, object>).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(60);
  });

  it('should describe request bodies, parameters, responses and security from the schemas', async () => {
    // when
    const document = await readJson(await api.app.request('/api/openapi.json', { headers }));
    // then
    const start = document.paths['/api/process-instances'].post;
    expect(start.requestBody.content['application/json'].schema.required).toEqual(['processKey']);
    expect(start.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/InstanceStarted' });
    expect(start.responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(Object.keys(start.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '404', '422']));
    const inbox = document.paths['/api/tasks'].get;
    expect(inbox.parameters.find((parameter: { name: string }) => parameter.name === 'limit')).toMatchObject({ in: 'query', schema: { type: 'integer', maximum: 500 } });
    expect(document.paths['/api/tasks/{id}/complete'].post.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'id', required: true }));
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/auth/login'].post.security).toEqual([]);
    expect(document.paths['/healthz'].get.security).toEqual([]);
  });

  it('should keep the document behind the token', async () => {
    // when
    const response = await api.app.request('/api/openapi.json');
    // then
    expect(response.status).toBe(401);
  });

  it('should answer a method a route does not have with 405 and Allow, and an unknown path with 404', async () => {
    for (const [method, path, allow] of [
      ['DELETE', '/api/tasks/some-task', 'GET, HEAD'],
      ['PUT', '/api/openapi.json', 'GET, HEAD'],
      ['GET', '/api/tasks/some-task/complete', 'POST'],
      ['PATCH', '/api/process-instances', 'POST, GET, HEAD'],
    ] as const) {
      // when
      const response = await api.app.request(path, { method, headers });
      // then
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect((await readJson(response)).detail).toContain(method);
    }
    expect((await api.app.request('/api/no-such-thing', { headers })).status).toBe(404);
    expect((await api.app.request('/api/tasks/a/b/c', { method: 'DELETE', headers })).status).toBe(404);
  });

  it('should serve the docs page and Scalar from our own origin, without a token and without any outside URL', async () => {
    // when
    const page = await api.app.request('/api/docs');
    const html = await page.text();
    // then
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url);
    expect(sources.filter((url) => !url?.startsWith('data:'))).toEqual(['/api/docs/scalar.js', '/api/docs/docs.js']);
    expect(html).not.toMatch(/https?:\/\//);
    const script = await api.app.request('/api/docs/docs.js');
    expect(script.status).toBe(200);
    expect(await script.text()).not.toMatch(/https?:\/\//);
    const bundle = await api.app.request('/api/docs/scalar.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
  });
});
