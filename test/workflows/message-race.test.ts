/**
 * Nothing lost: a message that reaches an event-based gateway in the same workflow task
 * as its timer is not dropped with the losing wait. Zeebe correlates a message only to
 * the subscription that triggers; one that came too late for this wait stays buffered
 * for the next (here: the gateway entered again after a reminder). Seen in the soak: a
 * payment accepted by POST /api/messages while the dunning timer fired, and the case
 * kept reminding a second at a time.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { workflowBundle } from '../../worker/create-worker.js';
import { deliverMessage } from '../../workflows/messages.js';
import { startHarness, type Harness } from './support/harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('message-race');
  await harness.deploy('EventBasedGateway.reminder-loop.bpmn');
});

afterAll(async () => {
  await harness?.close();
});

const subscribed = async (instanceId: string) =>
  (await harness.db.pool.query(`SELECT 1 FROM bpm.message_subscriptions WHERE instance_id = $1 AND message_name = 'answer'`, [instanceId])).rowCount! > 0;

async function until(ready: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; !(await ready()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a message racing a timer at an event-based gateway', () => {
  it('should keep the message that came with the winning timer for the next wait, and end answered', async () => {
    // given: the case waits at the gateway, and no worker runs while its timer fires and the
    // message arrives, so both reach the workflow in one workflow task
    const handle = await harness.start('reminderRace', { requestId: 'r-1', reminders: 0 });
    await until(() => subscribed(handle.workflowId), 'the gateway to wait');
    harness.worker.shutdown();
    await until(() => harness.worker.getState() === 'STOPPED', 'the worker to stop');
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // past the PT1S timer
    await handle.signal(deliverMessage, { name: 'answer', correlationKey: 'r-1', variables: { answer: 42 } });

    // when: a worker takes the case up again
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address: inject('temporalAddress') }),
      taskQueue: harness.taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ pool: harness.db.pool }),
    });
    const result = await worker.runUntil(handle.result());

    // then: the timer won this round (one reminder), the message was caught on the next
    expect(result).toMatchObject({ answer: 42, reminders: 1 });
    const state = await harness.untilRow(handle, (row) => row.status === 'completed');
    expect(state.completed_elements).toContain('answered');
    expect(state.completed_elements).not.toContain('gaveUp');
    expect(state.variables).toMatchObject({ answer: 42, reminders: 1 });
  }, 90_000);
});
