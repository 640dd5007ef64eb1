import { describe, expect, it } from 'vitest';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

describe('IntermediateCatchEvent', () => {
  it('should wait for a FEEL timer, then for the correlated message', async () => {
    // given
    const model = await loadModel('IntermediateCatchEvent.timer-then-message.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { delay: 'PT5S', orderId: 'o-9' });
    await ports.advance(4_999);
    expect(instance.snapshot().activeElements).toEqual(['wait']);
    // when
    await ports.advance(1);
    expect(ports.openSubscriptions()).toEqual([{ elementId: 'confirmation', messageName: 'confirm', correlationKey: 'o-9' }]);
    await ports.correlate('confirm', 'o-9', { confirmedBy: 'ann' });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { delay: 'PT5S', orderId: 'o-9', confirmedBy: 'ann' } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'wait', 'confirmation', 'end']);
    expect(ports.progress.map((snapshot) => snapshot.activeElements)).toEqual([['wait'], ['confirmation']]);
  });
});

describe('IntermediateCatchEvent output mappings', () => {
  it('should merge only the mapped message variables, so a payload never overwrites a process variable', async () => {
    // given: the process has an amount of its own
    const model = await loadModel('IntermediateCatchEvent.message-outputs.bpmn');
    const ports = new FakePorts();
    const { outcome } = start(model, ports, { invoiceId: 'inv-1', amount: 24000, amountDue: 28800 });
    await ports.advance(0);
    // when: the payment behind the event-based gateway, then the receipt, each carrying more than is mapped
    await ports.correlate('paid', 'inv-1', { amount: 14400, reference: 'bank-1' });
    await ports.correlate('paid', 'inv-1', { amount: 1, reference: 'bank-2' });
    // then
    expect(await outcome).toEqual({
      kind: 'completed',
      variables: { invoiceId: 'inv-1', amount: 24000, amountDue: 28800, paidAmount: 14400, partial: true, receiptReference: 'bank-2' },
    });
  });
});

describe('UserTask completedBy', () => {
  it('should let output mappings read who completed the task, over a form field of that name', async () => {
    // given
    const model = await loadModel('UserTask.completed-by.bpmn');
    const ports = new FakePorts();
    const { outcome } = start(model, ports, {});
    await ports.advance(0);
    // when: the form claims someone else approved
    await ports.completeTask('approve', { approved: true, completedBy: 'mallory', approvedBy: 'mallory' }, 'alice.accounting');
    await ports.completeTask('note', { note: 'ok' }, 'bob');
    // then: only the mapped outputs left the first task, and completedBy is the real user
    expect(await outcome).toEqual({ kind: 'completed', variables: { approvedBy: 'alice.accounting', approved: true, note: 'ok' } });
  });
});

describe('BoundaryEvent', () => {
  it('should fire a non-interrupting timer cycle R3 three times while the task stays open', async () => {
    // given
    const model = await loadModel('BoundaryEvent.user-task-timers.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, {});
    // when
    await ports.advance(3_500);
    await ports.completeTask('review', { verdict: 'ok' });
    // then
    expect(await outcome).toMatchObject({ kind: 'completed', variables: { verdict: 'ok' } });
    expect(instance.snapshot().completedElements).toEqual([
      'start',
      'reminder', 'sendReminder', 'reminded',
      'reminder', 'sendReminder', 'reminded',
      'reminder', 'sendReminder', 'reminded',
      'review', 'end',
    ]);
    expect(ports.jobs.map((job) => job.loopCounter)).toEqual([1, 2, 3]);
    expect(ports.pendingTimers()).toEqual([]);
  });

  it('should cancel the task when the interrupting deadline fires', async () => {
    // given
    const model = await loadModel('BoundaryEvent.user-task-timers.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, {});
    // when
    await ports.advance(10_000);
    // then
    await outcome;
    expect(instance.snapshot().completedElements.filter((id) => id !== 'sendReminder' && id !== 'reminded' && id !== 'reminder')).toEqual(['start', 'deadline', 'escalated']);
    expect(ports.openTasks()).toEqual([]);
  });

  it('should interrupt the task when the message arrives, with its variables', async () => {
    // given
    const model = await loadModel('BoundaryEvent.message.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { orderId: 'o-3' });
    await ports.advance(0);
    expect(ports.openTasks().map((task) => task.elementId)).toEqual(['prepareOrder']);
    // when
    await ports.correlate('orderCancelled', 'o-3', { reason: 'changed mind' });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { orderId: 'o-3', reason: 'changed mind' } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'orderCancelled', 'cancelled']);
    expect(ports.openTasks()).toEqual([]);
  });

  it('should catch a BPMN error from the job on its error boundary event', async () => {
    // given
    const model = await loadModel('BoundaryEvent.error.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { stock: 1, qty: 5 });
    // then
    await outcome;
    expect(instance.snapshot().completedElements).toEqual(['start', 'outOfStock', 'backorder', 'backordered']);
  });

  it('should go on normally when the job succeeds', async () => {
    // given
    const model = await loadModel('BoundaryEvent.error.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { stock: 9, qty: 5 });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { stock: 9, qty: 5, reservation: { qty: 5 } } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'reserveStock', 'end']);
  });
});

describe('EndEvent', () => {
  it('should end every token of the scope on a terminate end event', async () => {
    // given
    const model = await loadModel('EndEvent.terminate.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, {});
    // then
    await outcome;
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'quick', 'stopAll']);
    expect(instance.snapshot().activeElements).toEqual([]);
    expect(ports.openTasks()).toEqual([]);
  });
});
