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
});
