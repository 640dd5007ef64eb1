import { describe, expect, it } from 'vitest';
import type { JobTaskElement, ProcessModel } from '../../compiler/index.js';
import { applyExecutionModes } from '../../deployments/execution-modes.js';
import { loadModel } from '../engine/support/fake-ports.js';

const registry = new Map<string, { execution?: 'activity' | 'local' }>([
  ['test.echo', { execution: 'activity' }],
  ['test.double', { execution: 'local' }],
]);

async function modelWith(headers: Record<string, string>, taskType: string): Promise<ProcessModel> {
  const model = structuredClone(await loadModel('ServiceTask.local-activity.bpmn'));
  const element = model.elements.remote as JobTaskElement;
  element.job = { ...element.job, taskType, headers };
  return model;
}

describe('applyExecutionModes', () => {
  it.each([
    [{}, 'test.double', 'local'],
    [{}, 'test.echo', 'activity'],
    [{}, 'not.registered', 'activity'],
    [{ executionMode: 'local' }, 'test.echo', 'local'],
    [{ executionMode: 'activity' }, 'test.double', 'activity'],
  ])('should give a job with headers %j of type %s the mode %s', async (headers, taskType, mode) => {
    // given
    const model = await modelWith(headers, taskType);
    // when
    const warnings = applyExecutionModes([model], registry);
    // then
    expect(warnings).toEqual([]);
    expect((model.elements.remote as JobTaskElement).job.execution).toBe(mode);
  });

  it('should warn about an executionMode header it cannot read and keep the registry mode', async () => {
    // given
    const model = await modelWith({ executionMode: 'fast' }, 'test.double');
    // when
    const warnings = applyExecutionModes([model], registry);
    // then
    expect(warnings).toEqual([{ elementId: 'remote', message: expect.stringContaining('executionMode="fast"') }]);
    expect((model.elements.remote as JobTaskElement).job.execution).toBe('local');
  });
});
