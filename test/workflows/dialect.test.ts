/**
 * Camunda 8 dialect features on the real Temporal server: FEEL task types and retries
 * evaluated per job, and message throw / end events that a job sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryIncident } from '../../workflows/messages.js';
import { startHarness, type Harness } from './support/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('dialect');
  await harness.deploy('JobTask.feel-type.bpmn');
  await harness.deploy('MessageThrowEvent.job.bpmn');
  await harness.deploy('ExecutionListeners.service-task.bpmn');
  await harness.deploy('CallActivity.binding.bpmn');
  await harness.deploy('CallActivity.binding-child-v2.bpmn');
});

afterAll(async () => {
  await harness?.close();
});

describe('FEEL task types and retries', () => {
  it('should run the job of the type its FEEL gives for this instance', async () => {
    // given
    const handle = await harness.start('feelTaskType', { action: { provider: 'echo', attempts: 2 }, title: 'quote' });
    // when
    const result = (await handle.result()) as Record<string, unknown>;
    // then
    expect(result.echo).toEqual({ elementId: 'callProvider', title: 'quote' });
  });

  it('should open an incident naming the type when no worker serves it', async () => {
    // given
    const handle = await harness.start('feelTaskType', { action: { provider: 'fax', attempts: 1 } });
    // when
    const state = await harness.until(handle, (current) => current.status === 'incident');
    // then
    expect(state.incidents).toMatchObject([{ elementId: 'callProvider', message: expect.stringContaining('"test.fax"') }]);
    await handle.cancel();
  });

  it('should open an incident when the FEEL type gives no text, and evaluate it again on retry', async () => {
    // given
    const handle = await harness.start('feelTaskType', { action: { attempts: 1 } });
    const state = await harness.until(handle, (current) => current.status === 'incident');
    expect(state.incidents).toMatchObject([{ elementId: 'callProvider', message: expect.stringContaining('not a task type') }]);
    // when: retried without a fix, it is evaluated again and fails again
    await handle.signal(retryIncident, { incidentId: state.incidents[0]!.id });
    // then
    const again = await harness.until(handle, (current) => current.status === 'incident' && current.incidents[0]?.id !== state.incidents[0]!.id);
    expect(again.incidents).toHaveLength(1);
    await handle.cancel();
  });
});

describe('message throw and end events sent by a job', () => {
  it('should run the throw event job, then the end event job, without a message reference', async () => {
    // given
    const handle = await harness.start('messageJobs', { title: 'order 7' });
    // when
    const result = (await handle.result()) as Record<string, unknown>;
    // then
    expect(result).toMatchObject({ echo: { elementId: 'announce', title: 'order 7' }, tick: 1 });
    const summary = await harness.db.pool.query(`SELECT completed_elements FROM bpm.process_instances WHERE instance_id = $1`, [handle.workflowId]);
    expect(summary.rows[0].completed_elements).toEqual(['start', 'announce', 'confirm']);
  });
});

describe('execution listeners', () => {
  it('should run start and end listeners as jobs around the activity, in order, and open an incident when one fails', async () => {
    // given
    const handle = await harness.start('listeners', { title: 'order 8', fixed: false });
    // when
    const state = await harness.until(handle, (current) => current.status === 'incident');
    // then: the start listener ran before the task (its output mapping saw tick -1), the end listener after the outputs
    const row = await harness.untilRow(handle, (current) => current.status === 'incident');
    expect(row.variables).toMatchObject({ startTick: -1, tick: -2 });
    expect(row.variables).not.toHaveProperty('echo'); // with output mappings a job result stays local (Camunda 8)
    expect(state.incidents).toMatchObject([{ elementId: 'audit', message: 'the service is down' }]);
    expect(row.completed_elements).toEqual(['start', 'quote']);
    await handle.cancel();
  });
});

describe('call activity binding', () => {
  it('should call the latest version, the one deployed with the caller, or the one with the version tag', async () => {
    // given: bindingChild v1 (tag v1) deployed with the caller, then v2 (tag v2) alone
    const handle = await harness.start('bindingCaller', {});
    // when
    const result = (await handle.result()) as Record<string, unknown>;
    // then
    expect(result).toMatchObject({ latestGot: 'v2', deploymentGot: 'v1', taggedGot: 'v1' });
    const tags = await harness.db.pool.query(`SELECT version, version_tag FROM bpm.process_definitions WHERE key = 'bindingChild' ORDER BY version`);
    expect(tags.rows).toEqual([{ version: 1, version_tag: 'v1' }, { version: 2, version_tag: 'v2' }]);
  });

  it('should open an incident naming the tag when no version carries it', async () => {
    // given
    const models = await harness.deploy('CallActivity.binding.bpmn');
    expect(models.map((model) => model.id)).toEqual(['bindingCaller', 'bindingChild']);
    await harness.db.pool.query(`UPDATE bpm.process_definitions SET version_tag = NULL WHERE key = 'bindingChild' AND version_tag = 'v1'`);
    // when
    const handle = await harness.start('bindingCaller', {});
    const state = await harness.until(handle, (current) => current.status === 'incident');
    // then
    expect(state.incidents).toMatchObject([{ elementId: 'callTagged', message: expect.stringContaining('with version tag "v1"') }]);
    await handle.cancel();
  });
});
