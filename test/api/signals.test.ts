import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually, instanceOf, useProcessRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('POST /api/signals and signals thrown by processes (issue 14)', () => {
  const t = useProcessRunner('signals-test', { designer: ['dana', ['designers']], sam: ['sam', ['sales']], mia: ['mia', ['managers']] });
  beforeAll(async () => {
    const deployed = await t.post('/api/deployments', t.as.designer!, { name: 'Signal.broadcast.bpmn', xml: fixture('Signal.broadcast.bpmn') });
    expect(deployed.status).toBe(201);
  });

  const start = async (processKey: string, variables: object) =>
    (await readJson(await t.post('/api/process-instances', t.as.sam!, { processKey, variables }))).instanceId as string;
  const signalCatches = (instanceId: string) =>
    eventually(async () => {
      const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM bpm.message_subscriptions WHERE instance_id = $1 AND kind = 'signal'`, [instanceId]);
      return rows[0].n === 2 ? true : undefined;
    }, `two signal catches of ${instanceId}`);
  const completed = (instanceId: string) =>
    eventually(async () => {
      const instance = await instanceOf(t.api, t.as.mia!, instanceId);
      return instance.status === 'completed' ? instance : undefined;
    }, `${instanceId} completed`, 30_000, () => instanceOf(t.api, t.as.mia!, instanceId));
  const startedBySignal = async () => {
    const { rows } = await t.db.pool.query<{ instance_id: string }>(`SELECT instance_id FROM bpm.process_instances WHERE process_key = 'signalStarted' ORDER BY instance_id`);
    return rows.map((row) => row.instance_id);
  };

  it('should deliver a broadcast to every waiting instance and start the processes with a signal start event', async () => {
    // given: two instances wait at their signal catches
    const first = await start('signalWaiter', {});
    const second = await start('signalWaiter', {});
    await signalCatches(first);
    await signalCatches(second);
    // when
    const response = await t.post('/api/signals', t.as.sam!, { name: 'stock-arrived', variables: { batch: 1 } });
    // then
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body).toEqual({ delivered: 2, started: [expect.any(String)] });
    expect(await startedBySignal()).toEqual([body.started[0]]);
    await completed(body.started[0]);
    await eventually(async () => ((await instanceOf(t.api, t.as.mia!, first)).completedElements.includes('arrivedEnd') ? true : undefined), 'first caught');

    // when: a process throws stop-all from its end event
    const thrower = await start('signalThrower', { batch: 2 });
    // then: it reaches both waiters' boundary events, and its stock-arrived throw started another instance
    await completed(thrower);
    for (const waiter of [first, second]) {
      const done = await completed(waiter);
      expect(done.variables).toEqual({ batch: 1 });
      expect(done.completedElements).toEqual(expect.arrayContaining(['arrivedEnd', 'stopped', 'stoppedEnd']));
    }
    expect(await startedBySignal()).toHaveLength(2);
    // The subscriptions are closed by the step after the last one: poll, as for the instances.
    const left = async () => (await t.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bpm.message_subscriptions WHERE instance_id = ANY($1)`, [[first, second]])).rows[0]!.n;
    expect(await eventually(async () => ((await left()) === 0 ? 0 : undefined), 'subscriptions closed')).toBe(0);
  });

  it('should answer a broadcast nobody waits for with nothing delivered, and refuse one without a name', async () => {
    // when
    const quiet = await t.post('/api/signals', t.as.sam!, { name: 'nobody-listens' });
    const nameless = await t.post('/api/signals', t.as.sam!, { variables: {} });
    // then
    expect(quiet.status).toBe(200);
    expect(await readJson(quiet)).toEqual({ delivered: 0, started: [] });
    expect(nameless.status).toBe(400);
    expect(nameless.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await readJson(nameless))).toContain('name');
  });
});
