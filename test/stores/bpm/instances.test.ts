import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBpmn } from '../../../compiler/index.js';
import { saveDeployment } from '../../../stores/bpm/definitions.js';
import { eventsAfter } from '../../../stores/bpm/events.js';
import { elementStatistics, findInstance, insertInstance, recordInstanceSummary, type InstanceSummary } from '../../../stores/bpm/instances.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';

describe('instance rows', () => {
  let db: TestDatabase;
  let version: number;
  beforeAll(async () => {
    db = await freshDatabase();
    const xml = readFileSync(new URL('../../engine/ParallelGateway.two-failing-jobs.bpmn', import.meta.url), 'utf8');
    const compiled = await compileBpmn(xml);
    const saved = await saveDeployment(db.pool, { name: 'two', xml, xmlSha256: 'sha-two', deployedBy: null, processes: compiled.processes });
    version = saved.processes[0]!.version;
  });
  afterAll(() => db.drop());

  const summary = (instanceId: string, seq: number, fields: Partial<InstanceSummary> = {}): InstanceSummary => ({
    instanceId,
    processKey: 'twoFailing',
    version,
    businessKey: null,
    status: 'running',
    variables: {},
    activeElements: [],
    completedElements: [],
    incidents: [],
    history: [],
    seq,
    ...fields,
  });
  const kindsOf = async (instanceId: string) => (await eventsAfter(db.pool, 0)).filter((event) => event.instanceId === instanceId).map((event) => event.kind);
  const incident = { id: 'chargeCard:1', elementId: 'chargeCard', message: 'down', openedAt: '2030-01-01T00:00:00.000Z', retries: 0 };

  it('should never let a late, older summary put back an older state', async () => {
    // given: the API's row and a summary showing the second step
    await insertInstance(db.pool, { instanceId: 'i-late', processKey: 'twoFailing', version, businessKey: null, variables: {}, startedBy: 'ann' });
    await recordInstanceSummary(db.pool, summary('i-late', 2_000, { activeElements: ['bookShipment'], completedElements: ['start', 'fork', 'chargeCard'] }));
    // when: the first step's summary arrives after it (a retried activity)
    await recordInstanceSummary(db.pool, summary('i-late', 1_000, { activeElements: ['chargeCard'], completedElements: ['start', 'fork'] }));
    // then
    expect(await findInstance(db.pool, 'i-late')).toMatchObject({ status: 'running', activeElements: ['bookShipment'], completedElements: ['start', 'fork', 'chargeCard'] });
    expect(await kindsOf('i-late')).toEqual(['instance.started']);
  });

  it('should report an incident opened, then resolved, then the end, once each in the same write as the row', async () => {
    // given: a called process has no row from the API: its first summary inserts it
    await recordInstanceSummary(db.pool, summary('i-child', 1_000, { status: 'incident', activeElements: ['chargeCard'], incidents: [incident] }));
    await recordInstanceSummary(db.pool, summary('i-child', 1_000, { status: 'incident', activeElements: ['chargeCard'], incidents: [incident] })); // replayed
    // when
    await recordInstanceSummary(db.pool, summary('i-child', 2_000, { activeElements: ['chargeCard'], resolvedIncidents: [{ ...incident, resolvedAt: '2030-01-01T00:01:00.000Z' }] }));
    await recordInstanceSummary(db.pool, summary('i-child', 3_000, { status: 'completed', ended: true, completedElements: ['start', 'end'] }));
    // then
    expect(await kindsOf('i-child')).toEqual(['instance.started', 'incident.opened', 'incident.resolved', 'instance.completed']);
    expect(await findInstance(db.pool, 'i-child')).toMatchObject({ status: 'completed', incidents: [], endedAt: expect.any(String) });
  });

  it('should count per element the instances on it, its open incidents and the instances that completed it', async () => {
    // given
    await recordInstanceSummary(db.pool, summary('i-stats', 1_000, { status: 'incident', activeElements: ['chargeCard', 'bookShipment'], completedElements: ['start', 'fork'], incidents: [incident] }));
    // when
    const statistics = await elementStatistics(db.pool, 'twoFailing');
    // then: i-late (running on bookShipment), i-child (completed), i-stats
    expect(statistics?.version).toBe(version);
    expect(statistics?.elements).toEqual(
      expect.arrayContaining([
        { elementId: 'chargeCard', active: 1, incidents: 1, completed: 1 },
        { elementId: 'bookShipment', active: 2, incidents: 0, completed: 0 },
        { elementId: 'start', active: 0, incidents: 0, completed: 3 },
      ]),
    );
    expect(await elementStatistics(db.pool, 'twoFailing', version + 1)).toBeUndefined();
  });

  it("should keep the per-element completion counters equal to a count over every instance's row, through concurrent writes, stale and repeated writes, a shrinking list and deletes", async () => {
    // given: 40 instances written at once, 20 steps each in order, every step written twice (a retried activity)
    const elements = ['start', 'fork', 'chargeCard', 'bookShipment', 'join', 'end'];
    const ids = Array.from({ length: 40 }, (_, index) => `i-count-${index}`);
    await Promise.all(
      ids.map(async (id, index) => {
        for (let step = 1; step <= elements.length; step += 1) {
          const write = summary(id, step * 1_000, { completedElements: elements.slice(0, step), status: step === elements.length && index % 2 === 0 ? 'completed' : 'running' });
          await Promise.all([recordInstanceSummary(db.pool, write), recordInstanceSummary(db.pool, write)]);
        }
        await recordInstanceSummary(db.pool, summary(id, 500, { completedElements: ['start'] })); // stale: ignored
      }),
    );
    // when: a legacy writer (no seq) shrinks one list, two rows are deleted
    await recordInstanceSummary(db.pool, { ...summary('i-count-1', 0), seq: undefined, completedElements: ['start', 'fork'] });
    await db.pool.query(`DELETE FROM bpm.process_instances WHERE instance_id IN ('i-count-2', 'i-count-3')`);
    // then: the counters say what a count over the ended instances' rows says
    const recount = (statuses: string) =>
      db.pool.query<{ element_id: string; instances: number }>(
        `SELECT e AS element_id, count(*)::int AS instances FROM bpm.process_instances, LATERAL (SELECT DISTINCT unnest(completed_elements) AS e) c
         WHERE process_key = 'twoFailing' AND version = $1 AND status = ANY($2::text[]) GROUP BY 1 ORDER BY 1`,
        [version, statuses.split(' ')],
      );
    const counted = await db.pool.query<{ element_id: string; instances: number }>(
      `SELECT element_id, sum(instances)::int AS instances FROM bpm.element_completions WHERE process_key = 'twoFailing' AND version = $1 GROUP BY 1 HAVING sum(instances) <> 0 ORDER BY 1`,
      [version],
    );
    expect(counted.rows).toEqual((await recount('completed cancelled')).rows);
    expect(counted.rows.find((row) => row.element_id === 'end')?.instances).toBe(20); // 20 ended - 1 deleted, and i-child above
    // and the statistics, with the open instances' rows, what a count over every row says
    const statistics = await elementStatistics(db.pool, 'twoFailing');
    const all = (await recount('running incident completed cancelled')).rows;
    expect(all.find((row) => row.element_id === 'join')!.instances).toBe(37); // 40 - 2 deleted - 1 shrunk
    for (const { element_id, instances } of all) {
      expect(statistics?.elements.find((element) => element.elementId === element_id)).toMatchObject({ completed: instances });
    }
  });

  it('should count an ended instance once, when it ends, and take it out again if it is reopened or deleted', async () => {
    // given: a running instance's steps
    const counters = async () =>
      (await db.pool.query<{ instances: number }>(`SELECT coalesce(sum(instances), 0)::int AS instances FROM bpm.element_completions WHERE process_key = 'twoFailing' AND version = $1 AND element_id = 'chargeCard'`, [version])).rows[0]!.instances;
    const before = await counters();
    await recordInstanceSummary(db.pool, summary('i-ends', 1_000, { completedElements: ['start', 'chargeCard'] }));
    expect(await counters()).toBe(before);
    // when: it ends, then an older summary arrives (ignored), then a repair reopens it
    await recordInstanceSummary(db.pool, summary('i-ends', 2_000, { status: 'cancelled', completedElements: ['start', 'chargeCard'] }));
    const ended = await counters();
    await recordInstanceSummary(db.pool, summary('i-ends', 1_500, { completedElements: ['start', 'chargeCard'] }));
    const afterStale = await counters();
    await db.pool.query(`UPDATE bpm.process_instances SET status = 'incident' WHERE instance_id = 'i-ends'`);
    const reopened = await counters();
    await db.pool.query(`UPDATE bpm.process_instances SET status = 'completed' WHERE instance_id = 'i-ends'`);
    await db.pool.query(`DELETE FROM bpm.process_instances WHERE instance_id = 'i-ends'`);
    // then
    expect([ended, afterStale, reopened, await counters()]).toEqual([before + 1, before + 1, before, before]);
  });
});
