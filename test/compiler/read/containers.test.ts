import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('containers', () => {
  it('should read an embedded sub-process with its own scope and start event', async () => {
    // given
    // when
    const result = await compile('SubProcess.embedded.bpmn');

    // then
    expect(result.errors).toEqual([]);
    const { elements, startEventIds } = result.processes[0]!;
    expect(elements['middle']).toMatchObject({
      kind: 'subProcess',
      parentId: 'Process_1',
      childElementIds: ['subStart', 'subWork', 'subEnd'],
      startEventId: 'subStart',
    });
    expect(elements['subWork']).toMatchObject({ parentId: 'middle', incoming: ['Flow_sub_1'], outgoing: ['Flow_sub_2'] });
    expect(startEventIds).toEqual(['start']);
  });

  it('should read a call activity', async () => {
    // given
    // when
    const result = await compile('CallActivity.called-element.bpmn');

    // then
    expect(result.processes[0]?.elements['middle']).toMatchObject({
      kind: 'callActivity',
      calledProcessId: { kind: 'literal', value: 'order-fulfilment' },
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
    });
  });

  it.each([
    ['MultiInstance.parallel.bpmn', { isSequential: false, inputCollection: 'order.lines', inputElement: 'line', outputCollection: 'reservations', outputElement: 'reservation', completionCondition: 'count(reservations) >= 3' }],
    ['MultiInstance.sequential.bpmn', { isSequential: true, inputCollection: 'invoices', inputElement: 'invoice', outputCollection: null, outputElement: null, completionCondition: null }],
  ])('should read the multi-instance body of %s', async (file, multiInstance) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements['middle']).toMatchObject({ multiInstance });
  });

  it('should read an event sub-process with its trigger, and list it on its scope', async () => {
    // when
    const result = await compile('SubProcess.event-sub-process.bpmn');
    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.eventSubProcessIds).toEqual(['eventSub']);
    expect(result.processes[0]?.elements['eventSub']).toMatchObject({ kind: 'subProcess', triggeredByEvent: true, startEventId: 'eventSubStart' });
    expect(result.processes[0]?.elements['eventSubStart']).toMatchObject({ interrupting: false, event: { type: 'timer' } });
  });

  it.each([
    ['CallActivity.without-process-id.bpmn', 'middle', 'names no process'],
    ['MultiInstance.without-collection.bpmn', 'middle', 'no input collection'],
    ['StandardLoop.unsupported.bpmn', 'middle', 'standard loop'],
  ])('should reject %s at "%s"', async (file, elementId, reason) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(idsOf(result.errors)).toEqual([elementId]);
    expect(result.errors[0]?.message).toContain(reason);
  });
});
