import { describe, expect, it } from 'vitest';
import { compileFixture } from '../support/fixtures.js';

describe('unapplied mappings rule', () => {
  it('should reject io mappings where the engine would not apply them, and accept them on activities and catch events', async () => {
    // given: outputs on a start event and an error boundary (not applied), on a task and a timer catch (applied)
    // when
    const result = await compileFixture(import.meta.url, 'UnappliedMappings.events.bpmn');
    // then
    expect(result.errors).toEqual([
      { elementId: 'start', message: 'Output mappings on a start event are not supported yet; map the values in the next activity instead.' },
      { elementId: 'failed', message: 'Output mappings on an error boundary event are not supported yet; map the values in the next activity instead.' },
    ]);
  });
});
