import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('start events rule', () => {
  it.each([
    ['StartEvents.two-none.bpmn', 'secondStart', 'more than one none start event'],
    ['StartEvents.missing.bpmn', 'Process_1', 'no start event'],
    ['StartEvents.sub-process-two-none.bpmn', 'subStart2', 'more than one none start event'],
    ['StartEvents.sub-process-without-start.bpmn', 'middle', 'sub-process has no start event'],
  ])('should reject %s at "%s"', async (file, elementId, reason) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(idsOf(result.errors)).toEqual([elementId]);
    expect(result.errors[0]?.message).toContain(reason);
  });

  it('should allow a message start event beside the none start event', async () => {
    // given
    // when
    const result = await compile('StartEvents.none-and-message.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.startEventIds).toEqual(['start', 'paidStart']);
  });
});
