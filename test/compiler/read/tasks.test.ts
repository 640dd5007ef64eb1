import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('tasks', () => {
  it('should keep a FEEL task type and FEEL retries for the engine to evaluate per job', async () => {
    // given
    // when
    const result = await compile('ServiceTask.feel-type.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements['middle']).toMatchObject({
      job: { taskType: '=action.provider.path', taskTypeExpression: 'action.provider.path', retries: 3, retriesExpression: 'action.attempts' },
    });
  });

  it('should read a service task job with retries, headers and io mapping', async () => {
    // given
    // when
    const result = await compile('ServiceTask.job.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements['middle']).toEqual({
      id: 'middle',
      name: 'Reserve stock',
      kind: 'serviceTask',
      parentId: 'Process_1',
      incoming: ['Flow_start_middle'],
      outgoing: ['Flow_middle_end'],
      ioMapping: {
        inputs: [
          { source: { kind: 'feel', source: 'order.id' }, target: 'orderId' },
          { source: { kind: 'literal', value: 'main' }, target: 'warehouse' },
        ],
        outputs: [{ source: { kind: 'feel', source: 'reservation.id' }, target: 'reservationId' }],
      },
      boundaryEventIds: [],
      multiInstance: null,
      job: { taskType: 'erp.reserveStock', retries: 5, headers: { warehouse: 'main' } },
    });
  });

  it.each([
    ['SendTask.job.bpmn', { kind: 'sendTask', job: { taskType: 'notify.send', retries: 3 } }],
    ['BusinessRuleTask.job.bpmn', { kind: 'businessRuleTask', job: { taskType: 'crm.qualifyLead' } }],
    [
      'BusinessRuleTask.called-decision.bpmn',
      {
        kind: 'businessRuleTask',
        calledDecision: { decisionId: 'discount', resultVariable: 'discount', binding: { bindingType: 'versionTag', versionTag: 'v2' } },
        job: { taskType: 'bpm.evaluateDecision', retries: 3, headers: { decisionId: 'discount', resultVariable: 'discount', bindingType: 'versionTag', versionTag: 'v2' } },
      },
    ],
    ['ScriptTask.feel.bpmn', { kind: 'scriptTask', script: { expression: 'sum(order.lines.amount)', resultVariable: 'total' }, job: null }],
    ['ScriptTask.job.bpmn', { kind: 'scriptTask', script: null, job: { taskType: 'script.run' } }],
    ['Task.plain.bpmn', { kind: 'task', name: 'Think' }],
    ['ManualTask.pass-through.bpmn', { kind: 'task', name: 'Pack by hand' }],
  ])('should compile %s', async (file, expected) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements['middle']).toMatchObject(expected);
  });

  it.each([
    ['ServiceTask.without-type.bpmn', 'no task type'],
    ['SendTask.without-type.bpmn', 'no task type'],
    ['ServiceTask.bad-io-feel.bpmn', 'not valid FEEL'],
    ['ServiceTask.bad-retries.bpmn', 'whole number'],
    ['BusinessRuleTask.decision-without-result.bpmn', 'no result variable'],
    ['BusinessRuleTask.decision-bad-binding.bpmn', 'bindingType "newest"'],
    ['BusinessRuleTask.decision-feel-id.bpmn', 'only a fixed decision id'],
    ['ServiceTask.called-decision.bpmn', 'Only a business rule task can call a decision'],
    ['ScriptTask.empty.bpmn', 'neither a FEEL expression'],
  ])('should reject %s at the task', async (file, reason) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(idsOf(result.errors)).toEqual(['middle']);
    expect(result.errors[0]?.message).toContain(reason);
  });
});
