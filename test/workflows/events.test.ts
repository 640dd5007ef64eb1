/**
 * Issue 14 on a real Temporal server: event sub-processes, signal, escalation and link
 * events, receive tasks (the fake-port specs in test/engine/ say the same per element).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverMessage, deliverSignal } from '../../workflows/messages.js';
import { startHarness, type Harness } from './support/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('events');
  for (const fixture of ['EventSubProcess.process-level.bpmn', 'EventSubProcess.in-sub-process.bpmn', 'ReceiveTask.message-boundary.bpmn', 'LinkEvent.jump.bpmn', 'CallActivity.escalation.bpmn']) {
    await harness.deploy(fixture);
  }
});

afterAll(async () => {
  await harness?.close();
});

const subscriptions = (instanceId: string) =>
  harness.db.pool
    .query<{ message_name: string; kind: string }>(`SELECT message_name, kind FROM bpm.message_subscriptions WHERE instance_id = $1 ORDER BY message_name`, [instanceId])
    .then((result) => result.rows);

async function untilSubscribed(instanceId: string, name: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await subscriptions(instanceId)).some((row) => row.message_name === name)) {
    if (Date.now() > deadline) throw new Error(`no subscription ${name} for ${instanceId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('event sub-processes on Temporal', () => {
  it('should run a timer cycle event sub-process beside the flow, then let a message event sub-process interrupt it', async () => {
    // given: a reminder every second, twice
    const handle = await harness.start('orderEvents', { orderId: 'o-3', stock: 5, qty: 1, notes: 0, reminderCycle: 'R2/PT1S' });
    await harness.until(handle, (state) => state.openTasks.length === 1 && state.completedElements.filter((id) => id === 'onReminder').length === 2);
    expect(await subscriptions(handle.workflowId)).toEqual([
      { message_name: 'cancel-order', kind: 'message' },
      { message_name: 'order-note', kind: 'message' },
    ]);
    // when
    await handle.signal(deliverMessage, { name: 'cancel-order', correlationKey: 'o-3', variables: { reason: 'duplicate' } });
    // then
    expect(await handle.result()).toMatchObject({ reason: 'duplicate', tick: 2 });
    const tasks = await harness.db.pool.query(`SELECT state FROM bpm.tasks WHERE instance_id = $1`, [handle.workflowId]);
    expect(tasks.rows).toEqual([{ state: 'cancelled' }]);
    await harness.untilRow(handle, (row) => row.status === 'completed');
    expect(await subscriptions(handle.workflowId)).toEqual([]);
  });

  it('should catch an escalation in a sub-process event sub-process and on the sub-process boundary, and let a signal interrupt it', async () => {
    // given / when: the shipment is stuck
    const stuck = await harness.start('shippingEvents', { stuck: true });
    // then
    expect(await stuck.result()).toEqual({ stuck: true, lateNoted: true });
    expect((await harness.state(stuck)).completedElements).toEqual(expect.arrayContaining(['onLate', 'gaveUp', 'stuckCaught', 'escalatedEnd']));

    // given: a shipment waits for its user task
    const waiting = await harness.start('shippingEvents', { stuck: false });
    await harness.until(waiting, (state) => state.openTasks.length === 1);
    await untilSubscribed(waiting.workflowId, 'halt-shipping');
    expect(await subscriptions(waiting.workflowId)).toEqual([{ message_name: 'halt-shipping', kind: 'signal' }]);
    // when
    await waiting.signal(deliverSignal, { name: 'halt-shipping', variables: {}, signalId: 'test-halt' });
    // then
    await waiting.result();
    expect((await harness.state(waiting)).completedElements).toEqual(expect.arrayContaining(['halted', 'onHalt', 'shipping', 'end']));
  });
});

describe('escalations from a called process on Temporal', () => {
  it('should note a non-interrupting escalation beside the call, and let an interrupting one cancel the called process', async () => {
    // when
    const informed = await harness.start('escalatingCaller', { big: false });
    const interrupted = await harness.start('escalatingCaller', { big: true });
    // then
    expect(await informed.result()).toEqual({ big: false, informedByChild: true });
    expect((await harness.state(informed)).completedElements).toEqual(expect.arrayContaining(['informed', 'noteInfo', 'callReview', 'end']));
    await interrupted.result();
    const completed = (await harness.state(interrupted)).completedElements;
    expect(completed).toEqual(expect.arrayContaining(['tooBig', 'tooBigEnd']));
    expect(completed).not.toContain('end');
  });
});

describe('receive tasks and link events on Temporal', () => {
  it('should wait in a receive task for its message, and be interrupted by its boundary timer when none comes', async () => {
    // given
    const paid = await harness.start('awaitPayment', { invoiceId: 11, overdueAfter: 'PT1H' });
    const overdue = await harness.start('awaitPayment', { invoiceId: 12, overdueAfter: 'PT1S' });
    await untilSubscribed(paid.workflowId, 'payment-received');
    // when
    await paid.signal(deliverMessage, { name: 'payment-received', correlationKey: '11', variables: { amount: 40 } });
    // then
    expect(await paid.result()).toEqual({ invoiceId: 11, overdueAfter: 'PT1H', paid: 40 });
    expect(await overdue.result()).toEqual({ invoiceId: 12, overdueAfter: 'PT1S' });
    expect((await harness.state(overdue)).completedElements).toEqual(['start', 'paymentOverdue', 'overdueEnd']);
  });

  it('should jump from a link throw event to its catch', async () => {
    // when
    const handle = await harness.start('linked');
    // then
    expect(await handle.result()).toEqual({ steps: 2 });
  });
});
