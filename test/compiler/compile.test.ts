import { describe, expect, it } from 'vitest';
import { compileBpmn, MODEL_FORMAT_VERSION } from '../../compiler/index.js';
import { compileFixture, idsOf } from './support/fixtures.js';

describe('compileBpmn', () => {
  it('should compile a Camunda Modeler 5 diagram for Camunda 8 into the expected model', async () => {
    // given a collaboration exported by Camunda Modeler with lanes, DI and zeebe extensions
    // when
    const result = await compileFixture(import.meta.url, 'CamundaModeler.order-approval.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.processes.map((process) => process.id)).toEqual(['order-approval']);
    const process = result.processes[0]!;
    expect(process).toMatchObject({
      formatVersion: MODEL_FORMAT_VERSION,
      name: 'Order approval',
      isExecutable: true,
      startEventIds: ['StartEvent_orderReceived'],
    });
    expect(Object.keys(process.elements)).toHaveLength(12);
    expect(Object.keys(process.flows)).toHaveLength(11);
    expect(process.elements['Activity_getClientCard']).toEqual({
      id: 'Activity_getClientCard',
      name: 'Get client card',
      kind: 'serviceTask',
      parentId: 'order-approval',
      incoming: ['Flow_0a1'],
      outgoing: ['Flow_0a2'],
      ioMapping: {
        inputs: [{ source: { kind: 'feel', source: 'order.clientId' }, target: 'clientId' }],
        outputs: [{ source: { kind: 'feel', source: 'client.creditLimit' }, target: 'creditLimit' }],
      },
      boundaryEventIds: [],
      multiInstance: null,
      job: { taskType: 'crm.getClientCard', retries: 5, headers: { source: 'order-approval' } },
    });
    expect(process.elements['Gateway_amount']).toMatchObject({ kind: 'exclusiveGateway', defaultFlowId: 'Flow_small' });
    expect(process.flows['Flow_large']).toEqual({
      id: 'Flow_large',
      name: 'yes',
      sourceRef: 'Gateway_amount',
      targetRef: 'Activity_approveOrder',
      condition: 'order.total > creditLimit',
    });
    expect(process.elements['Activity_approveOrder']).toMatchObject({
      kind: 'userTask',
      assignee: null,
      candidateGroups: null,
      laneCandidateGroup: 'sales-managers',
      dueDate: { kind: 'feel', source: 'now() + duration("PT4H")' },
      priority: { kind: 'literal', value: '80' },
      boundaryEventIds: ['Event_approvalLate'],
      form: { kind: 'embedded', schema: { id: 'approve-order', type: 'default', schemaVersion: 16 } },
    });
    expect(process.elements['Event_approvalLate']).toMatchObject({
      kind: 'boundaryEvent',
      attachedToRef: 'Activity_approveOrder',
      cancelActivity: false,
      event: { type: 'timer', timer: { kind: 'duration', parsed: { kind: 'duration', durationMs: 4 * 3_600_000 } } },
    });
    expect(process.elements['Activity_remindManager']).toMatchObject({ kind: 'sendTask', job: { taskType: 'notify.send' } });
    expect(process.elements['Activity_reserveLines']).toMatchObject({
      multiInstance: {
        isSequential: false,
        inputCollection: 'order.lines',
        inputElement: 'line',
        outputCollection: 'reservations',
        outputElement: 'reservation',
        completionCondition: null,
      },
    });
    expect(process.elements['Activity_fulfil']).toMatchObject({
      kind: 'callActivity',
      calledProcessId: { kind: 'literal', value: 'order-fulfilment' },
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
    });
    expect(process.elements['Event_paymentReceived']).toMatchObject({
      event: {
        type: 'message',
        messageName: { kind: 'literal', value: 'payment-received' },
        correlationKey: { kind: 'feel', source: 'order.id' },
      },
    });
  });

  it('should warn about, not reject, a non-executable pool next to an executable one', async () => {
    // given the same collaboration, whose "Customer" pool is not executable
    // when
    const result = await compileFixture(import.meta.url, 'CamundaModeler.order-approval.bpmn');

    // then
    expect(result.warnings).toEqual([
      { elementId: 'Process_customer', message: expect.stringContaining('not executable') as string },
    ]);
  });

  it('should keep diagram interchange and documentation out of the model', async () => {
    // given
    const result = await compileFixture(import.meta.url, 'CamundaModeler.order-approval.bpmn');

    // when
    const json = JSON.stringify(result.processes);

    // then
    expect(json).not.toMatch(/Bounds|waypoint|_di"|TextAnnotation|credit limit/);
    expect(JSON.parse(json)).toEqual(result.processes);
  });

  it('should report every problem at once, each with its element id', async () => {
    // given a diagram with three unrelated faults and a task nobody owns
    // when
    const result = await compileFixture(import.meta.url, 'Compile.many-problems.bpmn');

    // then
    expect(result.ok).toBe(false);
    expect(result.processes).toEqual([]);
    expect(idsOf(result.errors)).toEqual(['untyped', 'Flow_broken', 'orphan']);
    // a task nobody owns is open to everyone: a warning, not an error (CONTRACT §3)
    expect(idsOf(result.warnings)).toContain('ownerless');
  });

  it('should compile every shipped process definition cleanly', async () => {
    // given
    const { readdirSync, readFileSync } = await import('node:fs');
    const folder = new URL('../../processes/bpmn/', import.meta.url);
    const files = readdirSync(folder).filter((name) => name.endsWith('.bpmn'));

    for (const file of files) {
      // when
      const result = await compileBpmn(readFileSync(new URL(file, folder), 'utf8'));

      // then
      expect({ file, errors: result.errors }).toEqual({ file, errors: [] });
    }
  });
});
