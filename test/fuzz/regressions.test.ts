import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, testApi, type TestApi } from '../support/api.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

/** What Schemathesis found (test/fuzz/schemathesis.test.ts), one case each, so it stays fixed. */
describe('regressions found by Schemathesis', () => {
  let db: TestDatabase;
  let api: TestApi;
  let manager: Record<string, string>;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, 'fuzz-regressions');
    manager = await api.as('fuzz-regression-manager', ['managers', 'designers']);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('should refuse a process version beyond what PostgreSQL keeps with 400 naming it, not 500', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/process-definitions/approval/statistics?version=1125899906842625', undefined],
      ['GET', '/api/process-definitions/approval?version=1125899906842625', undefined],
      ['POST', '/api/process-instances', { processKey: 'approval', version: 1125899906842625 }],
    ] as const) {
      // when
      const response = await api.app.request(path, { method, headers: manager, ...(body ? { body: JSON.stringify(body) } : {}) });
      // then
      expect(response.status, `${method} ${path}`).toBe(400);
      expect((await readJson(response)).errors).toEqual([expect.objectContaining({ field: 'version' })]);
    }
  });
});
