import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { readJson, testApi, type TestApi } from '../support/api.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

describe('GET /api/config', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, 'config-test');
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('should refuse a caller without a token', async () => {
    // when
    const response = await api.app.request('/api/config');
    // then
    expect(response.status).toBe(401);
  });

  it('should name the namespace and leave out a Temporal Web UI that the installation does not have', async () => {
    // given
    const headers = await api.as('erin', ['sales']);
    // when
    const response = await api.app.request('/api/config', { headers });
    // then
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({ temporalNamespace: 'default' });
  });

  it('should give the Temporal Web UI address it was started with', async () => {
    // given
    const app = createApp({
      pool: db.pool,
      temporal: api.temporal,
      taskQueue: 'config-test',
      health: { postgres: async () => 'up', temporal: async () => 'up' },
      config: { temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'sales' },
    });
    const headers = await api.as('erin', ['sales']);
    // when
    const response = await app.request('/api/config', { headers });
    // then
    expect(await readJson(response)).toEqual({ temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'sales' });
  });
});
