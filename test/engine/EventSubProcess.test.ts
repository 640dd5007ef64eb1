import { describe, expect, it } from 'vitest';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

const order = { orderId: 'o-1', stock: 5, qty: 1, notes: 0, reminderCycle: 'R2/PT1H' };

describe('EventSubProcess at process level', () => {
  it('should end every other token when an interrupting message start is correlated, and complete the process after it', async () => {
    // given
    const model = await loadModel('EventSubProcess.process-level.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, order);
    await ports.advance(0);
    expect(ports.openTasks().map((task) => task.elementId)).toEqual(['pack']);
    // when
    await ports.correlate('cancel-order', 'o-1', { reason: 'changed mind' });
    // then
    expect(await outcome).toMatchObject({ kind: 'completed', variables: { reason: 'changed mind' } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'reserve', 'cancelRequested', 'refund', 'cancelled', 'onCancel']);
    expect(ports.openTasks()).toEqual([]);
    expect(ports.openSubscriptions()).toEqual([]);
    expect(ports.pendingTimers()).toEqual([]);
  });

  it('should run a non-interrupting message start each time, and a timer cycle start at each firing, beside the regular flow', async () => {
    // given
    const model = await loadModel('EventSubProcess.process-level.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, order);
    await ports.advance(0);
    // when
    await ports.correlate('order-note', 'o-1', {});
    await ports.correlate('order-note', 'o-1', {});
    await ports.advance(2 * 3_600_000);
    await ports.completeTask('pack');
    // then
    expect(await outcome).toMatchObject({ kind: 'completed', variables: { notes: 2 } });
    expect(ports.jobs.filter((job) => job.elementId === 'remind').map((job) => job.loopCounter)).toEqual([1, 2]);
    expect(instance.snapshot().completedElements.filter((id) => id === 'onNote' || id === 'onReminder')).toEqual(['onNote', 'onNote', 'onReminder', 'onReminder']);
    expect(ports.openSubscriptions()).toEqual([]);
  });

  it('should catch an uncaught BPMN error of a job in an error event sub-process, not as an incident', async () => {
    // given: not enough stock, reserve throws OUT_OF_STOCK
    const model = await loadModel('EventSubProcess.process-level.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { ...order, stock: 0 });
    // then
    expect(await outcome).toMatchObject({ kind: 'completed' });
    expect(instance.snapshot().completedElements).toEqual(['start', 'outOfStock', 'backorder', 'backordered', 'onOutOfStock']);
    expect(ports.openIncidents()).toEqual([]);
  });
});

describe('EventSubProcess inside a sub-process', () => {
  it('should run a non-interrupting escalation start and let a signal start interrupt only the sub-process', async () => {
    // given
    const model = await loadModel('EventSubProcess.in-sub-process.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { stuck: false });
    await ports.advance(0);
    expect(ports.openTasks().map((task) => task.elementId)).toEqual(['ship']);
    expect(ports.openSignalSubscriptions()).toEqual([{ elementId: 'haltSignalled', signalName: 'halt-shipping' }]);
    // when
    await ports.signal('halt-shipping');
    // then
    expect(await outcome).toMatchObject({ kind: 'completed', variables: { stuck: false } });
    const completed = instance.snapshot().completedElements;
    expect(completed).toEqual(expect.arrayContaining(['lateReported', 'noteLate', 'onLate', 'haltSignalled', 'halted', 'onHalt', 'shipping', 'end']));
    expect(completed).not.toContain('ship');
    expect(ports.openTasks()).toEqual([]);
    expect(ports.openSignalSubscriptions()).toEqual([]);
  });
});

describe('EventSubProcess precedence and timers', () => {
  it('should let an error event sub-process inside a sub-process catch before the sub-process\'s boundary event (Zeebe\'s order)', async () => {
    // given
    const model = await loadModel('EventSubProcess.error-and-timer.bpmn', 'errorPrecedence');
    const ports = new FakePorts();
    // when: reserve throws OUT_OF_STOCK
    const { instance, outcome } = start(model, ports, { stock: 0, qty: 1 });
    // then
    expect(await outcome).toMatchObject({ kind: 'completed' });
    expect(instance.snapshot().completedElements).toEqual(['start', 'workStart', 'anyError', 'innerHandled', 'innerEnd', 'onAnyError', 'work', 'end']);
  });

  it('should interrupt the process when an interrupting timer start fires, cancelling the open user task', async () => {
    // given
    const model = await loadModel('EventSubProcess.error-and-timer.bpmn', 'timeboxed');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports);
    await ports.advance(0);
    expect(ports.openTasks().map((task) => task.elementId)).toEqual(['answer']);
    // when
    await ports.advance(3_600_000);
    // then
    expect(await outcome).toMatchObject({ kind: 'completed' });
    expect(instance.snapshot().completedElements).toEqual(['tStart', 'timedOut', 'timeoutEnd', 'onTimeout']);
    expect(ports.openTasks()).toEqual([]);
  });
});
