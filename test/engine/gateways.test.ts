import { describe, expect, it } from 'vitest';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

describe('ExclusiveGateway', () => {
  it.each([
    [500, 'bigOrder'],
    [50, 'smallOrder'],
    [5, 'tinyOrder'],
  ])('should take the first flow whose condition holds, else the default (amount %d -> %s)', async (amount, task) => {
    // given
    const model = await loadModel('ExclusiveGateway.default.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { amount });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { amount } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'amountGateway', task, 'end']);
    expect(instance.snapshot().warnings).toEqual([]);
  });

  it('should count a condition that fails at run time as false and record it', async () => {
    // given
    const model = await loadModel('ExclusiveGateway.default.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { total: 5 });
    await outcome;
    // then
    expect(instance.snapshot().completedElements).toEqual(['start', 'amountGateway', 'tinyOrder', 'end']);
    expect(instance.snapshot().warnings).toEqual([
      { elementId: 'amountGateway', message: "amount > 100: Variable 'amount' not found" },
      { elementId: 'amountGateway', message: "amount > 10: Variable 'amount' not found" },
    ]);
  });

  it('should open an incident when no flow can be taken and run the gateway again on retry', async () => {
    // given
    const model = await loadModel('ExclusiveGateway.no-default.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, {});
    await new Promise((resolve) => setImmediate(resolve));
    // when
    expect(ports.openIncidents()).toEqual([
      { id: 'gateway:1', elementId: 'gateway', message: expect.stringContaining('No outgoing sequence flow'), openedAt: expect.any(String), retries: 0 },
    ]);
    expect(instance.snapshot().status).toBe('incident');
    await ports.retryIncident('gateway');
    // then: still nothing holds, a new incident
    expect(ports.openIncidents()).toEqual([expect.objectContaining({ id: 'gateway:2', elementId: 'gateway', retries: 1 })]);
    expect(instance.snapshot().resolvedIncidents).toEqual([expect.objectContaining({ id: 'gateway:1', resolvedAt: expect.any(String) })]);
    expect(instance.snapshot().completedElements).toEqual(['start']);
    void outcome;
  });
});

describe('ParallelGateway', () => {
  it('should fork to every flow and join once both tokens arrived', async () => {
    // given
    const model = await loadModel('ParallelGateway.fork-join.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, {});
    await ports.advance(0);
    expect(instance.snapshot().activeElements).toEqual(['approve']);
    // when
    await ports.completeTask('approve', { approved: true });
    // then
    expect(await outcome).toMatchObject({ kind: 'completed', variables: { approved: true, echo: { elementId: 'reserveStock' } } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'reserveStock', 'approve', 'join', 'end']);
  });
});

describe('InclusiveGateway', () => {
  it('should wait at the join only for the branches that were taken', async () => {
    // given
    const model = await loadModel('InclusiveGateway.fork-join.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { wantA: true, wantB: true });
    await ports.advance(0);
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'taskB']);
    // when
    await ports.completeTask('taskA');
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { wantA: true, wantB: true, b: 'b done' } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'taskB', 'taskA', 'join', 'end']);
  });

  it('should not wait for a branch that was not taken', async () => {
    // given
    const model = await loadModel('InclusiveGateway.fork-join.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { wantA: false, wantB: true });
    // then
    await outcome;
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'taskB', 'join', 'end']);
  });

  it('should take the default flow when no condition holds', async () => {
    // given
    const model = await loadModel('InclusiveGateway.fork-join.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { wantA: false, wantB: false });
    // then
    await outcome;
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'taskC', 'join', 'end']);
  });

  it('should join after an event-based gateway once the race is decided and the other branch arrived', async () => {
    // given
    const model = await loadModel('InclusiveGateway.after-event-gateway.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { orderId: 'o-1', ship: true });
    await ports.advance(0);
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'notifyWarehouse']);
    expect(ports.openSubscriptions()).toEqual([{ elementId: 'paymentReceived', messageName: 'payment', correlationKey: 'o-1' }]);
    // when
    await ports.correlate('payment', 'o-1', { paid: 100 });
    // then
    expect(await outcome).toMatchObject({ kind: 'completed', variables: { paid: 100 } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'notifyWarehouse', 'race', 'paymentReceived', 'book', 'join', 'end']);
    expect(ports.pendingTimers()).toEqual([]);
  });
});

describe('EventBasedGateway', () => {
  it('should follow the timer when it fires first and cancel the message subscription', async () => {
    // given
    const model = await loadModel('EventBasedGateway.race.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { requestId: 'r-7' });
    await ports.advance(0);
    expect(ports.openSubscriptions()).toHaveLength(1);
    // when
    await ports.advance(1_000);
    // then
    await outcome;
    expect(instance.snapshot().completedElements).toEqual(['start', 'race', 'timeout', 'timedOut']);
    expect(ports.openSubscriptions()).toEqual([]);
  });

  it('should follow the message when it comes first and cancel the timer', async () => {
    // given
    const model = await loadModel('EventBasedGateway.race.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { requestId: 'r-7' });
    await ports.advance(500);
    // when
    await ports.correlate('answer', 'r-7', { answer: 'yes' });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { requestId: 'r-7', answer: 'yes' } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'race', 'answer', 'answered']);
    expect(ports.pendingTimers()).toEqual([]);
  });
});
