import { MockActivityEnvironment } from '@temporalio/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createRunServiceTask, HEARTBEAT_EVERY_MS, type ServiceTaskRequest } from '../../activities/run-service-task.js';
import type { ServiceTaskType } from '../../activities/service-tasks/types.js';
import type { Pool } from '../../stores/db.js';

/** A step that runs until the test lets it finish. */
function slowStep() {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const type: ServiceTaskType<{ subject: string }> = {
    type: 'test.slow',
    input: z.object({ subject: z.string() }),
    resultVariable: 'slow',
    async run({ subject }) {
      await finished;
      return { subject };
    },
  };
  return { types: new Map([[type.type, type as ServiceTaskType<never>]]), finish };
}

const request: ServiceTaskRequest = {
  instanceId: 'instance-1',
  elementId: 'Task_slow',
  loopCounter: 0,
  taskType: 'test.slow',
  variables: { subject: 'hello' },
  headers: {},
};
const noPool = {} as Pool;

describe('runServiceTask heartbeats', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should heartbeat while a step runs and stop when it ends, so a dead worker is noticed within the heartbeat timeout', async () => {
    // given
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { types, finish } = slowStep();
    const environment = new MockActivityEnvironment();
    const heartbeats: unknown[] = [];
    environment.on('heartbeat', (details: unknown) => heartbeats.push(details));
    // when
    const running = environment.run(createRunServiceTask(noPool, types), request);
    await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_EVERY_MS);
    const whileRunning = heartbeats.length;
    finish();
    const result = await running;
    await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_EVERY_MS);
    // then
    expect(whileRunning).toBe(3);
    expect(heartbeats).toHaveLength(3);
    expect(result).toEqual({ resultVariable: 'slow', result: { subject: 'hello' } });
  });

  it('should run a step outside an activity without heartbeating', async () => {
    // given
    const { types, finish } = slowStep();
    finish();
    // when
    const result = await createRunServiceTask(noPool, types)(request);
    // then
    expect(result).toEqual({ resultVariable: 'slow', result: { subject: 'hello' } });
  });
});
