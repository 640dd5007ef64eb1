import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('long-loop');
  await harness.deploy('Loop.counter.bpmn');
});

afterAll(async () => {
  await harness?.close();
});

describe('a process that loops thousands of times', () => {
  it('should complete with bounded history through continue-as-new and distinct idempotency keys', async () => {
    // given
    // ~11 iterations/s on a 2-core runner (one activity per pass, ~6 history events):
    // 800 passes cross the 4 096-event continue-as-new mark at least once in ~75 s.
    // BPM_LONG_LOOP_ITERATIONS=10000 is the full run (~15 minutes), measured for the README.
    const iterations = Number(process.env.BPM_LONG_LOOP_ITERATIONS ?? 800);
    const handle = await harness.start('loop', { i: 0, n: iterations });
    // when
    const variables = await handle.result();
    // then
    expect(variables).toEqual({ i: iterations, n: iterations, tick: iterations });
    const keys = harness.jobKeys.filter((key) => key.startsWith(`${handle.workflowId}:tick:`));
    expect(new Set(keys).size).toBe(iterations);
    let runs = 0;
    let largest = 0;
    for await (const execution of harness.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` })) {
      runs += 1;
      largest = Math.max(largest, execution.historyLength);
    }
    console.log(`long loop: ${runs} runs, largest history ${largest} events`);
    expect(runs).toBeGreaterThan(1);
    expect(largest).toBeLessThan(10_000);
  }, 1_800_000);
});
