/**
 * CONTRACT §2: while PostgreSQL or Temporal is unreachable every API call answers 503
 * problem+json with Retry-After naming which, never a 500; once it is back, all works
 * again. A PostgreSQL and a Temporal dev server of this file's own are stopped and
 * started again mid-test (the suite's shared ones must stay up for the other files).
 */
import { Client, type Connection } from '@temporalio/client';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { connectTemporal } from '../../local-stack/connect.js';
import { deployShippedProcesses } from '../../deployments/deploy-shipped.js';
import { startLocalPostgres, type LocalPostgres } from '../../local-stack/postgres.js';
import { startLocalTemporal, type LocalTemporal } from '../../local-stack/temporal-server.js';
import { createPool, type Pool } from '../../stores/db.js';
import { createUser } from '../../stores/bpm/identity.js';
import { migrate } from '../../stores/migrate.js';
import { readJson, TEST_PASSWORD } from '../support/api.js';

describe('the API while a dependency is down', () => {
  let scratch: string;
  let postgres: LocalPostgres;
  let temporal: LocalTemporal;
  let pool: Pool;
  let connection: Connection;
  let app: ReturnType<typeof createApp>;
  let headers: Record<string, string>;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'bpm-unavailable-'));
    await chmod(scratch, 0o777);
    [postgres, temporal] = await Promise.all([startLocalPostgres(join(scratch, 'pg')), startLocalTemporal({ dataDir: join(scratch, 'temporal') })]);
    await migrate(postgres.url);
    pool = createPool(postgres.url, 5);
    await createUser(pool, { username: 'ada', name: 'Ada', password: TEST_PASSWORD, groups: ['admin', 'managers'] });
    await deployShippedProcesses(pool);
    connection = await connectTemporal(temporal.address); // as bin/server.ts connects
    app = createApp({
      pool,
      temporal: new Client({ connection }),
      taskQueue: 'unavailable-test', // no worker: a started case just waits
      health: {
        postgres: () => pool.query('SELECT 1').then(() => 'up' as const, () => 'down' as const),
        temporal: () => connection.workflowService.getSystemInfo({}).then(() => 'up' as const, () => 'down' as const),
      },
    });
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ada', password: TEST_PASSWORD }) });
    headers = { authorization: `Bearer ${(await readJson(login)).token}`, 'content-type': 'application/json' };
  }, 120_000);

  afterAll(async () => {
    await connection?.close();
    await pool?.end();
    await Promise.all([postgres?.stop(), temporal?.stop()]);
    await rm(scratch, { recursive: true, force: true });
  });

  const startHello = () => app.request('/api/process-instances', { method: 'POST', headers, body: JSON.stringify({ processKey: 'hello', variables: { name: 'Ada' } }) });
  const listInstances = () => app.request('/api/process-instances', { headers });

  async function expectUnavailable(response: Response, dependency: string): Promise<void> {
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await readJson(response)).detail).toContain(`${dependency} is unreachable`);
  }

  it('should show a running case from its stored row when no worker can answer the workflow query', async () => {
    // given: a case on a task queue no worker polls, so the workflow never answers a query
    const started = await startHello();
    expect(started.status).toBe(201);
    const { instanceId } = await readJson(started);
    // when
    const shown = await app.request(`/api/process-instances/${instanceId}`, { headers });
    // then: the row as the API wrote it, not an error and not a hang
    expect(shown.status).toBe(200);
    expect(await readJson(shown)).toMatchObject({ instanceId, processKey: 'hello', status: 'running', variables: { name: 'Ada' } });
  }, 60_000);

  it('should answer 503 naming PostgreSQL while it is stopped, and serve again once it is back', async () => {
    // given
    expect((await listInstances()).status).toBe(200);
    // when
    await postgres.stop();
    // then
    await expectUnavailable(await listInstances(), 'PostgreSQL');
    await expectUnavailable(await startHello(), 'PostgreSQL');
    expect(await readJson(await app.request('/healthz'))).toEqual({ ok: false, postgres: 'down', temporal: 'up' });

    // when
    postgres = await startLocalPostgres(join(scratch, 'pg'), { port: postgres.port });
    // then
    const started = await startHello();
    expect(started.status).toBe(201);
    expect((await listInstances()).status).toBe(200);
  }, 120_000);

  it('should answer 503 naming Temporal while it is stopped, write nothing, and start cases again once it is back', async () => {
    // given
    const before = (await readJson(await listInstances())).length as number;
    const port = Number(temporal.address.split(':').at(-1));
    // when
    await temporal.stop();
    // then: at once, not after the SDK's default ~20 s of retries
    const began = Date.now();
    await expectUnavailable(await startHello(), 'Temporal');
    expect(Date.now() - began).toBeLessThan(10_000);
    expect((await readJson(await listInstances())).length).toBe(before); // the failed start left no row
    expect(await readJson(await app.request('/healthz'))).toMatchObject({ ok: false, postgres: 'up', temporal: 'down' });

    // when
    temporal = await startLocalTemporal({ dataDir: join(scratch, 'temporal'), port });
    // then: once the client has reconnected (seconds on a loaded machine), cases start again
    let started = await startHello();
    for (const deadline = Date.now() + 30_000; started.status === 503 && Date.now() < deadline; started = await startHello()) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(started.status).toBe(201);
    expect((await readJson(await listInstances())).length).toBe(before + 1);
  }, 120_000);
});
