import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeTask } from '../../workflows/messages.js';
import { startHarness, type Harness } from './support/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('run-process');
  for (const fixture of [
    'ExclusiveGateway.default.bpmn',
    'ParallelGateway.fork-join.bpmn',
    'ServiceTask.io-mapping.bpmn',
  ]) {
    await harness.deploy(fixture);
  }
});

afterAll(async () => {
  await harness?.close();
});

describe('runProcess on Temporal', () => {
  it('should take the exclusive gateway path and record the instance summary', async () => {
    // given
    const handle = await harness.start('exclusive', { amount: 50 });
    // when
    const variables = await handle.result();
    // then
    expect(variables).toEqual({ amount: 50 });
    const { rows } = await harness.db.pool.query('SELECT status, completed_elements FROM bpm.process_instances WHERE instance_id = $1', [handle.workflowId]);
    expect(rows).toEqual([{ status: 'completed', completed_elements: ['start', 'amountGateway', 'smallOrder', 'end'] }]);
  });

  it('should run jobs as activities with io mappings', async () => {
    // given
    const handle = await harness.start('ioMapping', { client: { id: 'c-1', name: 'Acme' } });
    // when
    const variables = await handle.result();
    // then
    expect(variables).toEqual({ client: { id: 'c-1', name: 'Acme' }, echo: { elementId: 'score' }, foundClient: 'c-1' });
    expect(harness.jobKeys.filter((key) => key.startsWith(handle.workflowId))).toEqual(
      ['createDeal', 'lookupClient', 'notify', 'score'].map((element) => `${handle.workflowId}:${element}:1`),
    );
  });

  it('should wait for a user task in the inbox and complete it through the update', async () => {
    // given
    const handle = await harness.start('parallel', {});
    const state = await harness.until(handle, (current) => current.openTasks.length === 1);
    const taskId = state.openTasks[0]!.taskId;
    const { rows } = await harness.db.pool.query('SELECT element_id, state, candidate_groups FROM bpm.tasks WHERE id = $1', [taskId]);
    expect(rows).toEqual([{ element_id: 'approve', state: 'open', candidate_groups: ['sales'] }]);
    // when
    await expect(handle.executeUpdate(completeTask, { args: [{ taskId: 'nope' }] })).rejects.toMatchObject({ cause: { message: expect.stringMatching(/not open/) } });
    const completed = await handle.executeUpdate(completeTask, { args: [{ taskId, variables: { approved: true }, completedBy: 'ann' }] });
    // then
    expect(completed).toEqual({ taskId, elementId: 'approve' });
    expect(await handle.result()).toMatchObject({ approved: true, echo: { elementId: 'reserveStock' } });
    const after = await harness.db.pool.query('SELECT state, completed_by FROM bpm.tasks WHERE id = $1', [taskId]);
    expect(after.rows).toEqual([{ state: 'completed', completed_by: 'ann' }]);
  });
});
