import { describe, expect, it } from 'vitest';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

describe('SubProcess', () => {
  it('should run in its own scope with input and output mappings', async () => {
    // given
    const model = await loadModel('SubProcess.io-and-errors.bpmn');
    const ports = new FakePorts();
    const order = { lines: [{ sku: 'a' }, { sku: 'b' }], blocked: false };
    // when
    const { instance, outcome } = start(model, ports, { order });
    // then: `lines` stays local, `shipment` propagates, the output lands in the process scope
    expect(await outcome).toEqual({ kind: 'completed', variables: { order, shipment: 'shipped', lineCount: 2 } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'shippingStart', 'canShip', 'ship', 'shippingEnd', 'shipping', 'end']);
  });

  it('should catch an error end event inside on the boundary of the sub-process', async () => {
    // given
    const model = await loadModel('SubProcess.io-and-errors.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { order: { lines: [], blocked: true } });
    // then
    await outcome;
    expect(instance.snapshot().completedElements).toEqual(['start', 'shippingStart', 'canShip', 'blocked', 'shippingBlocked', 'blockedEnd']);
  });
});

describe('CallActivity', () => {
  it('should run the called process and take its variables back', async () => {
    // given
    const model = await loadModel('CallActivity.error-boundary.bpmn', 'invoicing');
    const ports = new FakePorts();
    ports.childModels.set('paymentCollection', await loadModel('CallActivity.error-boundary.bpmn', 'paymentCollection'));
    // when
    const { instance, outcome } = start(model, ports, { amount: 120, card: 'valid' });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { amount: 120, card: 'valid', charged: 120 } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'collectPayment', 'paid']);
  });

  it('should catch the error the called process throws on the call activity error boundary', async () => {
    // given
    const model = await loadModel('CallActivity.error-boundary.bpmn', 'invoicing');
    const ports = new FakePorts();
    ports.childModels.set('paymentCollection', await loadModel('CallActivity.error-boundary.bpmn', 'paymentCollection'));
    // when
    const { instance, outcome } = start(model, ports, { amount: 120, card: 'expired' });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { amount: 120, card: 'expired' } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'paymentFailed', 'dunning', 'dunned']);
  });
});

describe('MultiInstance', () => {
  it('should run parallel and sequential instances with loopCounter and collect outputs in order', async () => {
    // given
    const model = await loadModel('MultiInstance.service-task.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { items: [1, 2, 3] });
    // then
    expect(await outcome).toEqual({
      kind: 'completed',
      variables: { items: [1, 2, 3], results: [2, 4, 6], sequentialResults: [11, 22, 33] },
    });
    expect(instance.snapshot().completedElements).toEqual([
      'start', 'parallelLines', 'parallelLines', 'parallelLines', 'sequentialLines', 'sequentialLines', 'sequentialLines', 'end',
    ]);
    expect(ports.jobs.map((job) => [job.loopCounter, job.variables.item, job.variables.loopCounter])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
  });

  it('should time out one approver of a multi-instance sub-process through the boundary timer on the user task', async () => {
    // given
    const model = await loadModel('MultiInstance.sub-process-with-deadline.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { items: ['ann', 'bob'] });
    await ports.advance(0);
    expect(ports.openTasks().map((task) => task.assignee)).toEqual(['ann', 'bob']);
    // when
    await ports.completeTask('approve', { decision: 'approved' }); // ann
    await ports.advance(2_000); // bob never answers
    // then
    expect(await outcome).toMatchObject({ kind: 'completed', variables: { results: ['approved', 'rejected'] } });
    expect(instance.snapshot().completedElements).toEqual([
      'start',
      'roundStart', 'roundStart',
      'approve', 'roundEnd', 'approvalRound',
      'approvalOverdue', 'autoReject', 'roundTimedOut', 'approvalRound',
      'end',
    ]);
  });
});
