import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('flow references rule', () => {
  it.each([
    ['FlowReferences.dangling-target.bpmn', 'Flow_dangling', '"nowhere", which is not in the document'],
    ['FlowReferences.missing-source.bpmn', 'Flow_sourceless', 'has no source'],
    ['FlowReferences.crosses-scope.bpmn', 'Flow_cross', 'crosses a sub-process border'],
    ['FlowReferences.end-with-outgoing.bpmn', 'early', 'end event cannot have outgoing'],
  ])('should reject %s at "%s"', async (file, elementId, reason) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(idsOf(result.errors)).toEqual([elementId]);
    expect(result.errors[0]?.message).toContain(reason);
  });
});
