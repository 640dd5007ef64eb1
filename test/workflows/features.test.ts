import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/create-worker.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeTask, deliverMessage, retryIncident } from '../../workflows/messages.js';
import { startHarness, type Harness } from './support/harness.js';

let harness: Harness;
const recorded: Array<{ name: string; handle: WorkflowHandle }> = [];

beforeAll(async () => {
  harness = await startHarness('features', { failingJobs: new Set(['notifyWarehouse']) });
  for (const fixture of [
    'MultiInstance.sub-process-with-deadline.bpmn',
    'InclusiveGateway.after-event-gateway.bpmn',
    'CallActivity.error-boundary.bpmn',
    'BoundaryEvent.message.bpmn',
    'BoundaryEvent.error.bpmn',
    'EndEvent.terminate.bpmn',
    'MultiInstance.service-task.bpmn',
    'SubProcess.io-and-errors.bpmn',
  ]) {
    await harness.deploy(fixture);
  }
});

afterAll(async () => {
  await harness?.close();
});

describe('element combinations on Temporal', () => {
  it('should time out one approver through a boundary timer on a user task inside a multi-instance sub-process', async () => {
    // given
    const handle = await harness.start('approvals', { items: ['ann', 'bob'] });
    await harness.until(handle, (state) => state.openTasks.length === 2);
    const rows = await openTaskRows(handle.workflowId, 2);
    expect(rows).toEqual([{ assignee: 'ann' }, { assignee: 'bob' }]);
    // when: ann approves; bob's 2 s deadline passes
    const annTask = await harness.db.pool.query<{ id: string }>(`SELECT id FROM bpm.tasks WHERE instance_id = $1 AND assignee = 'ann'`, [handle.workflowId]);
    await handle.executeUpdate(completeTask, { args: [{ taskId: annTask.rows[0]!.id, variables: { decision: 'approved' } }] });
    // then
    expect(await handle.result()).toEqual({ items: ['ann', 'bob'], results: ['approved', 'rejected'] });
    const final = await harness.db.pool.query(`SELECT assignee, state FROM bpm.tasks WHERE instance_id = $1 ORDER BY assignee`, [handle.workflowId]);
    expect(final.rows).toEqual([
      { assignee: 'ann', state: 'completed' },
      { assignee: 'bob', state: 'cancelled' },
    ]);
    const summary = await harness.db.pool.query(`SELECT completed_elements FROM bpm.process_instances WHERE instance_id = $1`, [handle.workflowId]);
    expect(summary.rows[0].completed_elements).toEqual([
      'start', 'roundStart', 'roundStart', 'approve', 'roundEnd', 'approvalRound',
      'approvalOverdue', 'autoReject', 'roundTimedOut', 'approvalRound', 'end',
    ]);
    recorded.push({ name: 'mi-sub-process-deadline', handle });
  });

  it('should join after an event-based gateway once the message won, and open an incident for a failing job until retried', async () => {
    // given: notifyWarehouse fails (retries=1) -> incident
    const handle = await harness.start('inclusiveAfterRace', { orderId: 'o-42', ship: true });
    const incident = await harness.until(handle, (state) => state.status === 'incident');
    const opened = { id: 'notifyWarehouse:1', elementId: 'notifyWarehouse', message: 'notifyWarehouse is down', openedAt: expect.any(String), retries: 0 };
    expect(incident.incidents).toEqual([opened]);
    // The row follows the workflow within one summary write (CONTRACT §2: the state is current).
    const listed = await harness.untilRow(handle, (row) => row.status !== 'running');
    expect(listed).toMatchObject({ status: 'incident', incident: { elementId: 'notifyWarehouse', message: 'notifyWarehouse is down' } });
    expect(listed.incidents).toEqual([opened]);
    // when: the payment message arrives, and the incident is retried (still failing: it stays)
    await harness.until(handle, (state) => state.activeElements.includes('race'));
    const subscriptions = await harness.db.pool.query(`SELECT message_name, correlation_key, element_id FROM bpm.message_subscriptions WHERE instance_id = $1`, [handle.workflowId]);
    expect(subscriptions.rows).toEqual([{ message_name: 'payment', correlation_key: 'o-42', element_id: 'paymentReceived' }]);
    await handle.signal(deliverMessage, { name: 'payment', correlationKey: 'o-42', variables: { paid: 99 } });
    await harness.until(handle, (state) => state.completedElements.includes('book'));
    expect((await harness.state(handle)).status).toBe('incident');
    await handle.cancel();
    // then
    await expect(handle.result()).rejects.toThrow();
    const ended = await harness.db.pool.query(`SELECT status FROM bpm.process_instances WHERE instance_id = $1`, [handle.workflowId]);
    expect(ended.rows).toEqual([{ status: 'cancelled' }]);
    const left = await harness.db.pool.query(`SELECT count(*)::int AS n FROM bpm.message_subscriptions WHERE instance_id = $1`, [handle.workflowId]);
    expect(left.rows).toEqual([{ n: 0 }]);
  });

  it('should join after an event-based gateway when the timer wins', async () => {
    // given
    const handle = await harness.start('inclusiveAfterRace', { orderId: 'o-43', ship: false });
    // when: nobody pays within 2 s
    const variables = await handle.result();
    // then
    expect(variables).toEqual({ orderId: 'o-43', ship: false });
    const summary = await harness.db.pool.query(`SELECT completed_elements FROM bpm.process_instances WHERE instance_id = $1`, [handle.workflowId]);
    expect(summary.rows[0].completed_elements).toEqual(['start', 'fork', 'race', 'paymentTimeout', 'remind', 'join', 'end']);
    recorded.push({ name: 'inclusive-after-event-gateway', handle });
  });

  it('should catch the error of a called process on the error boundary of the call activity', async () => {
    // given
    const handle = await harness.start('invoicing', { amount: 70, card: 'expired' });
    // when
    const variables = await handle.result();
    // then
    expect(variables).toEqual({ amount: 70, card: 'expired' });
    const summary = await harness.db.pool.query(`SELECT completed_elements FROM bpm.process_instances WHERE instance_id = $1`, [handle.workflowId]);
    expect(summary.rows[0].completed_elements).toEqual(['start', 'paymentFailed', 'dunning', 'dunned']);
    recorded.push({ name: 'call-activity-error', handle });
  });

  it('should take the child process variables back from a call activity', async () => {
    // given
    const handle = await harness.start('invoicing', { amount: 70, card: 'valid' });
    // when / then
    expect(await handle.result()).toEqual({ amount: 70, card: 'valid', charged: 70 });
  });
});

describe('element kinds on Temporal', () => {
  it('should interrupt a user task with a message boundary event', async () => {
    // given
    const handle = await harness.start('boundaryMessage', { orderId: 'o-5' });
    await harness.until(handle, (state) => state.openTasks.length === 1);
    // when
    await waitForSubscription(handle.workflowId, 'orderCancelled');
    await handle.signal(deliverMessage, { name: 'orderCancelled', correlationKey: 'o-5', variables: { reason: 'duplicate' } });
    // then
    expect(await handle.result()).toEqual({ orderId: 'o-5', reason: 'duplicate' });
    const tasks = await harness.db.pool.query(`SELECT state FROM bpm.tasks WHERE instance_id = $1`, [handle.workflowId]);
    expect(tasks.rows).toEqual([{ state: 'cancelled' }]);
    recorded.push({ name: 'message-boundary', handle });
  });

  it('should catch a BPMN error from an activity on its error boundary event', async () => {
    // given
    const handle = await harness.start('boundaryError', { stock: 0, qty: 2 });
    // when / then
    expect(await handle.result()).toEqual({ stock: 0, qty: 2 });
    expect((await harness.state(handle)).completedElements).toEqual(['start', 'outOfStock', 'backorder', 'backordered']);
  });

  it('should end all tokens on a terminate end event and cancel the open task', async () => {
    // given
    const handle = await harness.start('terminate', {});
    // when / then
    expect(await handle.result()).toEqual({});
    expect((await harness.state(handle)).completedElements).toEqual(['start', 'fork', 'quick', 'stopAll']);
  });

  it('should run multi-instance jobs in parallel and scripts in sequence', async () => {
    // given
    const handle = await harness.start('multiInstance', { items: [1, 2, 3] });
    // when / then
    expect(await handle.result()).toEqual({ items: [1, 2, 3], results: [2, 4, 6], sequentialResults: [11, 22, 33] });
    expect(harness.jobKeys.filter((key) => key.startsWith(handle.workflowId)).sort()).toEqual(
      [1, 2, 3].map((counter) => `${handle.workflowId}:parallelLines:${counter}`),
    );
    recorded.push({ name: 'multi-instance', handle });
  });

  it('should catch an error end event of an embedded sub-process on its boundary', async () => {
    // given
    const handle = await harness.start('subProcess', { order: { lines: [1], blocked: true } });
    // when / then
    expect(await handle.result()).toEqual({ order: { lines: [1], blocked: true } });
    expect((await harness.state(handle)).completedElements).toEqual(['start', 'shippingStart', 'canShip', 'blocked', 'shippingBlocked', 'blockedEnd']);
  });

  it('should run a failed step again when the incident is retried', async () => {
    // given: the failing job sits behind the event-based gateway race's sibling; use a fresh instance
    const handle = await harness.start('inclusiveAfterRace', { orderId: 'o-44', ship: true });
    await harness.until(handle, (state) => state.status === 'incident');
    // when: retried while still failing, the incident opens again
    await handle.signal(retryIncident);
    await harness.until(handle, (state) => state.status === 'incident' && harness.jobKeys.filter((key) => key.startsWith(`${handle.workflowId}:notifyWarehouse`)).length === 2);
    // then: the same step, the same idempotency key
    expect(harness.jobKeys.filter((key) => key.startsWith(handle.workflowId))).toEqual([
      `${handle.workflowId}:notifyWarehouse:1`,
      `${handle.workflowId}:notifyWarehouse:1`,
    ]);
    await handle.terminate();
  });
});

async function openTaskRows(instanceId: string, count: number): Promise<Array<{ assignee: string | null }>> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { rows } = await harness.db.pool.query(`SELECT assignee FROM bpm.tasks WHERE instance_id = $1 ORDER BY assignee`, [instanceId]);
    if (rows.length >= count) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fewer than ${count} task rows`);
}

async function waitForSubscription(instanceId: string, messageName: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { rows } = await harness.db.pool.query(`SELECT 1 FROM bpm.message_subscriptions WHERE instance_id = $1 AND message_name = $2`, [instanceId, messageName]);
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no subscription for ${messageName}`);
}

describe('determinism', () => {
  it('should replay the recorded histories of the scenarios above without a non-determinism error', async () => {
    // given
    expect(recorded.map((entry) => entry.name)).toEqual([
      'mi-sub-process-deadline', 'inclusive-after-event-gateway', 'call-activity-error', 'message-boundary', 'multi-instance',
    ]);
    const histories = await Promise.all(recorded.map(async ({ handle }) => ({ workflowId: handle.workflowId, history: await handle.fetchHistory() })));
    // when
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) results.push(result);
    // then
    expect(results.map((result) => [result.workflowId, result.error ?? null])).toEqual(histories.map(({ workflowId }) => [workflowId, null]));
  });
});
