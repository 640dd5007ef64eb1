import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('element registry', () => {
  it.each([
    ['Unsupported.complex-gateway.bpmn', 'middle', 'ComplexGateway'],
    ['Unsupported.transaction.bpmn', 'middle', 'Transaction'],
    ['Unsupported.ad-hoc-sub-process.bpmn', 'middle', 'AdHocSubProcess'],
    ['Unsupported.signal-catch.bpmn', 'middle', 'signal'],
    ['Unsupported.conditional-catch.bpmn', 'middle', 'conditional'],
    ['Unsupported.escalation-throw.bpmn', 'middle', 'escalation'],
    ['Unsupported.compensation-boundary.bpmn', 'compensate', 'compensate'],
    ['Unsupported.compensation-activity.bpmn', 'middle', 'Compensation'],
  ])('should reject %s at "%s", never ignore it', async (file, elementId, what) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(result.ok).toBe(false);
    expect(idsOf(result.errors)).toEqual([elementId]);
    expect(result.errors[0]?.message).toContain(what);
  });

  it('should ignore data objects, annotations, associations and groups', async () => {
    // given
    // when
    const result = await compile('Ignored.data-and-artifacts.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(Object.keys(result.processes[0]!.elements)).toEqual(['start', 'middle', 'end']);
  });
});
