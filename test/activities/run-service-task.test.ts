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

/** A pool whose one summary UPDATE answers when the test says so (or fails). */
function summaryPool() {
  let answer!: (outcome: Error | null) => void;
  const answered = new Promise<Error | null>((resolve) => (answer = resolve));
  const statements: string[] = [];
  const pool = {
    async query(text: string) {
      statements.push(text);
      const error = await answered;
      if (error) throw error;
      return { rowCount: 1, rows: [] };
    },
  } as unknown as Pool;
  return { pool, statements, answer };
}

const withSummary: ServiceTaskRequest = {
  ...request,
  summary: {
    instanceId: 'instance-1',
    processKey: 'p',
    version: 1,
    businessKey: null,
    status: 'running',
    variables: { subject: 'hello' },
    activeElements: ['Task_slow'],
    completedElements: [],
    incident: null,
    ended: false,
    seq: 1,
  },
};

describe('runServiceTask with the instance summary along', () => {
  it('should run the step while the summary is written, and answer once both have landed', async () => {
    // given
    const { types, finish } = slowStep();
    const { pool, statements, answer } = summaryPool();
    const step = types.get('test.slow')!;
    let stepStarted = false;
    const watched = new Map([[step.type, { ...step, run: (...args: Parameters<typeof step.run>) => ((stepStarted = true), step.run(...args)) }]]);
    let done = false;
    // when: the step finishes while the summary write is still out
    const running = createRunServiceTask(pool, watched)(withSummary).then((result) => {
      done = true;
      return result;
    });
    finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const startedBeforeWrite = stepStarted;
    const doneBeforeWrite = done;
    answer(null);
    const result = await running;
    // then
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('UPDATE bpm.process_instances');
    expect(startedBeforeWrite).toBe(true);
    expect(doneBeforeWrite).toBe(false);
    expect(result).toEqual({ resultVariable: 'slow', result: { subject: 'hello' } });
  });

  it('should fail when the summary write fails, though the step succeeded, so that the retry writes it', async () => {
    // given
    const { types, finish } = slowStep();
    const { pool, answer } = summaryPool();
    finish();
    // when
    const running = createRunServiceTask(pool, types)(withSummary);
    answer(new Error('connection lost'));
    // then
    await expect(running).rejects.toThrow('connection lost');
  });

  it("should report the step's own error when the step fails", async () => {
    // given
    const { pool, answer } = summaryPool();
    answer(new Error('connection lost'));
    // when
    const running = createRunServiceTask(pool, new Map())(withSummary);
    // then
    await expect(running).rejects.toThrow('No service-task type "test.slow" is registered');
  });
});
