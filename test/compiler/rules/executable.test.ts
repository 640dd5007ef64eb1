import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

describe('executable processes', () => {
  it('should reject a document whose only process is not executable', async () => {
    // given
    // when
    const result = await compileFixture(import.meta.url, 'Process.not-executable.bpmn');

    // then
    expect(idsOf(result.errors)).toEqual(['Process_1']);
    expect(result.errors[0]?.message).toContain('not executable');
  });
});
