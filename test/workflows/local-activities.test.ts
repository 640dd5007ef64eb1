/**
 * The local-activity execution mode: a job whose mode is `local` (here by its
 * `executionMode` header) runs inside the workflow task as a local activity; the others
 * stay activities.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('local-activities');
  await harness.deploy('ServiceTask.local-activity.bpmn');
});

afterAll(async () => {
  await harness?.close();
});

describe('jobs in local-activity mode', () => {
  it('should run the job marked local as a local activity and the other as an activity, with the same results', async () => {
    // given
    const handle = await harness.start('localSteps', { item: 21 });
    // when
    const variables = await handle.result();
    // then
    expect(variables).toEqual({ item: 21, echo: { elementId: 'local' }, result: 42 });
    const events = (await handle.fetchHistory()).events ?? [];
    const scheduled = events
      .map((event) => event.activityTaskScheduledEventAttributes)
      .filter((attributes) => attributes?.activityType?.name === 'runServiceTask');
    const elementOf = (data: Uint8Array | null | undefined) => (JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { elementId: string }).elementId;
    expect(scheduled.map((attributes) => elementOf(attributes!.input!.payloads![0]!.data))).toEqual(['remote']);
    const markers = events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(markers.length).toBeGreaterThanOrEqual(1);
    expect(harness.jobKeys).toEqual(expect.arrayContaining([`${handle.workflowId}:local:1`, `${handle.workflowId}:remote:1`]));
  });
});
