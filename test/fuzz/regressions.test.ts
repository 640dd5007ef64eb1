import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, testApi, type TestApi } from '../support/api.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { inboxTask, instanceOf, useProcessRunner } from '../support/process-runner.js';

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

describe('regressions found by Schemathesis, on the real worker', () => {
  const t = useProcessRunner('fuzz-regressions-worker', { sam: ['fuzz-regression-sam', ['sales']] });
  const startFollowUp = (dueAt: string) =>
    t.post('/api/process-instances', t.as.sam!, {
      processKey: 'crm-follow-up',
      variables: { clientId: 1, clientName: 'Acme', owner: 'fuzz-regression-sam', subject: 'Call back', dueAt },
    });

  it('should open a task whose due date has an offset PostgreSQL does not keep, due at the instant it names', async () => {
    // given: crm-follow-up's due date is its start variable dueAt (its local activity retried forever on PostgreSQL's "time zone displacement out of range")
    const started = await startFollowUp('1200-11-15T04:07:34.0-16:54');
    expect(started.status).toBe(201);
    const { instanceId } = (await readJson(started)) as { instanceId: string };
    // when
    const task = await inboxTask(t.api, t.as.sam!, instanceId, 'Task_followUp');
    // then
    expect(task.dueAt).toBe('1200-11-15T21:01:34.000Z');
    expect(await instanceOf(t.api, t.as.sam!, instanceId)).toMatchObject({ status: 'running', incidents: [] });
  });

  it('should read a due date with a zone id in the workflow sandbox as that zone’s clock time', async () => {
    // given
    const started = await startFollowUp('2030-07-01T09:00:00@Europe/Berlin');
    const { instanceId } = (await readJson(started)) as { instanceId: string };
    // when
    const task = await inboxTask(t.api, t.as.sam!, instanceId, 'Task_followUp');
    // then: 09:00 summer time in Berlin
    expect(task.dueAt).toBe('2030-07-01T07:00:00.000Z');
  });
});
