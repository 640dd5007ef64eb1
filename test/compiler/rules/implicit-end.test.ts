import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

describe('implicit end rule', () => {
  it('should warn about an element that nothing follows and that is not an end event', async () => {
    // given
    // when
    const result = await compileFixture(import.meta.url, 'ImplicitEnd.task-without-outgoing.bpmn');

    // then
    expect(result.ok).toBe(true);
    expect(idsOf(result.warnings)).toEqual(['last']);
  });
});
