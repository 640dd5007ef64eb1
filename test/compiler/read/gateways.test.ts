import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('gateways', () => {
  it('should read an exclusive gateway with its default flow and conditions', async () => {
    // given
    // when
    const result = await compile('ExclusiveGateway.default.bpmn');

    // then
    expect(result.errors).toEqual([]);
    const process = result.processes[0]!;
    expect(process.elements['split']).toMatchObject({
      kind: 'exclusiveGateway',
      defaultFlowId: 'Flow_small',
      outgoing: ['Flow_big', 'Flow_small'],
    });
    expect(process.flows['Flow_big']?.condition).toBe('order.total >= 1000');
    expect(process.flows['Flow_small']?.condition).toBeNull();
  });

  it.each([
    ['InclusiveGateway.conditions.bpmn', 'split', { kind: 'inclusiveGateway', defaultFlowId: null, outgoing: ['Flow_ship', 'Flow_bill'] }],
    ['InclusiveGateway.conditions.bpmn', 'join', { kind: 'inclusiveGateway', incoming: ['Flow_ship_join', 'Flow_bill_join'] }],
    ['ParallelGateway.fork-join.bpmn', 'fork', { kind: 'parallelGateway', outgoing: ['Flow_fork_ship', 'Flow_fork_bill'] }],
    ['ParallelGateway.fork-join.bpmn', 'join', { kind: 'parallelGateway', incoming: ['Flow_ship_join', 'Flow_bill_join'] }],
    ['EventBasedGateway.race.bpmn', 'race', { kind: 'eventBasedGateway', outgoing: ['Flow_race_paid', 'Flow_race_timeout'] }],
  ])('should compile %s with "%s"', async (file, elementId, expected) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements[elementId]).toMatchObject(expected);
  });

  it('should reject an event-based gateway that instantiates the process', async () => {
    // given
    // when
    const result = await compile('EventBasedGateway.instantiating.bpmn');

    // then
    expect(idsOf(result.errors)).toEqual(['race']);
  });
});
