import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('reachability rule', () => {
  it('should reject each element no start event leads to', async () => {
    // given
    // when
    const result = await compile('Reachability.unreachable-task.bpmn');

    // then
    expect(idsOf(result.errors)).toEqual(['orphan', 'orphanEnd']);
    expect(result.errors[0]?.message).toContain('cannot be reached');
  });

  it('should count the path behind a boundary event as reachable through its host', async () => {
    // given
    // when
    const result = await compile('Reachability.boundary-path.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('should not call what follows a rejected element unreachable', async () => {
    // given a complex gateway between start and end
    // when
    const result = await compile('Reachability.after-rejected-element.bpmn');

    // then only the gateway is reported
    expect(idsOf(result.errors)).toEqual(['middle']);
  });
});
