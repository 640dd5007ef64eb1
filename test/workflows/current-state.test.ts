/**
 * The instance row tells the truth at once (issue 12, CONTRACT §2 "the state is
 * current"): it follows every step, also while a parallel branch still waits, and each
 * incident has an id that a retry can name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryIncident } from '../../workflows/messages.js';
import { startHarness, type Harness } from './support/harness.js';

/** What CONTRACT §2 promises: a completed step shows within a second. */
const PROMISED_LAG_MS = 1_000;

let harness: Harness;
const failing = new Set(['chargeCard', 'bookShipment']);

beforeAll(async () => {
  harness = await startHarness('current-state', { failingJobs: failing });
  await harness.deploy('ParallelGateway.fork-join.bpmn');
  await harness.deploy('ParallelGateway.two-failing-jobs.bpmn');
});

afterAll(async () => {
  await harness?.close();
});

describe('the instance row on Temporal', () => {
  it('should show the service task completed and the fork left within a second, while the user task stays active', async () => {
    // given: a fork to a service task (reserveStock) and a user task (approve)
    const handle = await harness.start('parallel', {});
    const key = `${handle.workflowId}:reserveStock:1`;
    // when: the service task's activity has completed
    await harness.until(handle, () => harness.jobsDone.has(key));
    const doneAt = harness.jobsDone.get(key)!;
    // then: the row shows it within the promised lag, measured from the activity's return
    const row = await harness.untilRow(handle, (current) => current.completed_elements.includes('reserveStock'), PROMISED_LAG_MS - (Date.now() - doneAt));
    expect(row.completed_elements).toEqual(['start', 'fork', 'reserveStock']);
    expect(row.active_elements).toEqual(['approve']);
    expect(row.status).toBe('running');
    const ended = Object.fromEntries(row.history.map((entry) => [entry.elementId, entry.endedAt !== undefined]));
    expect(ended).toEqual({ start: true, fork: true, reserveStock: true, approve: false });
    expect(row.history).toHaveLength(4);
    await handle.terminate();
  });

  it('should open one incident per failing branch and resume only the one that is retried', async () => {
    // given: both branches fail for good
    const handle = await harness.start('twoFailing', {});
    const both = await harness.untilRow(handle, (row) => row.incidents.length === 2);
    const charge = both.incidents.find((incident) => incident.elementId === 'chargeCard')!;
    const book = both.incidents.find((incident) => incident.elementId === 'bookShipment')!;
    expect(both.status).toBe('incident');
    expect(new Set([charge.id, book.id]).size).toBe(2);
    expect(both.incidents.every((incident) => incident.retries === 0 && !Number.isNaN(Date.parse(incident.openedAt)))).toBe(true);
    // when: the card service is back and its incident (only) is retried
    failing.delete('chargeCard');
    await handle.signal(retryIncident, { incidentId: charge.id });
    // then: chargeCard ran again and completed; bookShipment's incident stays open, untouched
    const after = await harness.untilRow(handle, (row) => row.completed_elements.includes('chargeCard'));
    expect(after.status).toBe('incident');
    expect(after.incidents).toEqual([book]);
    // chargeCard's token waits in the join, which holds no element of its own
    expect(after.active_elements).toEqual(['bookShipment']);
    expect(harness.jobKeys.filter((key) => key.startsWith(`${handle.workflowId}:bookShipment:`))).toHaveLength(1);
    const events = await harness.db.pool.query(
      `SELECT kind, data->>'incidentId' AS "incidentId" FROM bpm.events WHERE instance_id = $1 AND kind LIKE 'incident.%' ORDER BY id`,
      [handle.workflowId],
    );
    expect(events.rows).toEqual(
      expect.arrayContaining([
        { kind: 'incident.opened', incidentId: charge.id },
        { kind: 'incident.opened', incidentId: book.id },
        { kind: 'incident.resolved', incidentId: charge.id },
      ]),
    );
    expect(events.rows).toHaveLength(3);
    await handle.terminate();
  });
});
