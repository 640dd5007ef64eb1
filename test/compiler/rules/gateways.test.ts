import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('gateways rule', () => {
  it.each([
    ['Gateways.bad-condition.bpmn', 'Flow_big', 'not valid FEEL'],
    ['Gateways.condition-on-task.bpmn', 'Flow_conditional', 'only evaluated on flows leaving'],
    ['Gateways.unconditioned-flow.bpmn', 'Flow_forgotten', 'without a condition'],
    ['Gateways.event-based-to-task.bpmn', 'Flow_race_work', 'message or timer catch events'],
  ])('should reject %s at "%s"', async (file, elementId, reason) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(idsOf(result.errors)).toEqual([elementId]);
    expect(result.errors[0]?.message).toContain(reason);
  });

  it('should warn, not reject, when an exclusive gateway has conditions but no default', async () => {
    // given
    // when
    const result = await compile('Gateways.no-default.bpmn');

    // then
    expect(result.ok).toBe(true);
    expect(idsOf(result.warnings)).toEqual(['split']);
    expect(result.warnings[0]?.message).toContain('no default flow');
  });
});
