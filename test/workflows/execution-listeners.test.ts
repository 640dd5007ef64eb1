/**
 * Camunda 8 execution listeners on a real Temporal server, beyond activities: on the
 * process, a start event, a gateway, an intermediate catch and throw event, end and
 * boundary events; where their results go; and a failing listener's incident that a
 * retry resolves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverMessage, retryIncident } from '../../workflows/messages.js';
import { startHarness, type Harness } from './support/harness.js';

let harness: Harness;
/** Jobs of these elements fail until removed. */
const failing = new Set<string>();

beforeAll(async () => {
  harness = await startHarness('listeners', { failingJobs: failing });
  await harness.deploy('ExecutionListeners.process-gateway-catch.bpmn');
  await harness.deploy('ExecutionListeners.boundary-retry.bpmn');
  await harness.deploy('ExecutionListeners.local-results.bpmn');
  await harness.deploy('ExecutionListeners.feel-type-retry.bpmn');
});

afterAll(async () => {
  await harness?.close();
});

/** `element:counter` of the jobs one instance ran, in the order they ran. */
const jobsOf = (instanceId: string) => harness.jobKeys.filter((key) => key.startsWith(`${instanceId}:`)).map((key) => key.slice(instanceId.length + 1));

async function untilSubscribed(instanceId: string): Promise<{ message_name: string; correlation_key: string; element_id: string }[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await harness.db.pool.query(`SELECT message_name, correlation_key, element_id FROM bpm.message_subscriptions WHERE instance_id = $1`, [instanceId]);
    if (rows.length > 0) return rows;
    if (Date.now() > deadline) throw new Error(`no subscription for ${instanceId}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('execution listeners on the process, events and gateways', () => {
  it('should run the process start listener first and its end listener last, a gateway start listener before its conditions, and a catch event start listener before it subscribes', async () => {
    // given
    const handle = await harness.start('listenedOrder', { title: 'order 9' });
    // when: the catch event subscribed with the key its start listener's result gives
    const subscriptions = await untilSubscribed(handle.workflowId);
    expect(subscriptions).toEqual([{ message_name: 'listened-payment', correlation_key: 'paid:order 9', element_id: 'paid' }]);
    await handle.signal(deliverMessage, { name: 'listened-payment', correlationKey: 'paid:order 9', variables: { paid: 12 } });
    const variables = (await handle.result()) as Record<string, unknown>;
    // then: listener jobs count negatively per element, apart from the elements' own jobs
    expect(jobsOf(handle.workflowId)).toEqual([
      'listenedOrder:-1', // process start, before the start event
      'received:-1', // start event end
      'route:-1', // gateway start: its echo chose the flow to "paid"
      'paid:-1', // catch start, before subscribing
      'paid:-2', // catch end, after the message
      'done:-1', // end event start
      'done:-2', // end event end
      'listenedOrder:-2', // process end, after the last token
    ]);
    expect(variables).toMatchObject({ title: 'order 9', paid: 12, tick: -2, echo: { elementId: 'done', title: 'order 9' } });
    expect((await harness.state(handle)).completedElements).toEqual(['received', 'route', 'paid', 'done']);
  });
});

describe('execution listeners on boundary events, and failing listeners', () => {
  it('should run an error boundary event end listener, and open an incident for a failing throw event listener that a retry resolves', async () => {
    // given: the throw event's start listener fails (retries=1)
    failing.add('milestone');
    const handle = await harness.start('listenerRetry', { stock: 0, qty: 2, title: 'order 10' });
    const incident = await harness.until(handle, (state) => state.status === 'incident');
    expect(incident.incidents).toMatchObject([{ elementId: 'milestone', message: 'milestone is down' }]);
    expect(incident.completedElements).toEqual(['start', 'outOfStock']);
    // when: the listener's service is back and the incident is retried
    failing.delete('milestone');
    await handle.signal(retryIncident, { incidentId: incident.incidents[0]!.id });
    const variables = (await handle.result()) as Record<string, unknown>;
    // then: the boundary's end listener ran once it caught the error; the listener retried under its one key
    expect(jobsOf(handle.workflowId)).toEqual(['reserve:1', 'outOfStock:-1', 'milestone:-1', 'milestone:-1']);
    // the throw's start listener result (echo) stayed local to it, as in Camunda 8
    expect(variables).toMatchObject({ tick: -1 });
    expect(variables).not.toHaveProperty('echo');
    const state = await harness.state(handle);
    expect(state.completedElements).toEqual(['start', 'outOfStock', 'milestone', 'backOrdered']);
    expect(state.incidents).toEqual([]);
  });
});

describe('where start listener results go, and retries after a FEEL failure', () => {
  it("should keep a gateway's and a catch event's start listener results local to them, and run a signal throw's start listener after its input mapping", async () => {
    // given
    const handle = await harness.start('listenerLocals', { title: '77' });
    // when: the timer its start listener chose (PT1S) runs out
    const variables = (await handle.result()) as Record<string, unknown>;
    // then: only the catch's end listener result reached the process
    expect(jobsOf(handle.workflowId)).toEqual(['route:-1', 'cooldown:-1', 'cooldown:-2', 'announce:-1']);
    expect(variables).toEqual({ title: '77', waited: 'PT1S' });
    expect((await harness.state(handle)).completedElements).toEqual(['start', 'route', 'cooldown', 'announce', 'done']);
  });

  it('should run the earlier start listeners again when a listener whose FEEL type gave nothing is retried', async () => {
    // given: the channel lookup answers nothing the first time, so the second listener has no type
    const handle = await harness.start('listenerFeelRetry', {});
    const incident = await harness.until(handle, (state) => state.status === 'incident');
    expect(incident.incidents).toMatchObject([{ elementId: 'ship', message: 'The task type =channel gave null, not a task type' }]);
    // when
    await handle.signal(retryIncident, { incidentId: incident.incidents[0]!.id });
    const variables = (await handle.result()) as Record<string, unknown>;
    // then: the lookup ran again under a new key, then the listener of the type it found (test.echo), then the task
    expect(jobsOf(handle.workflowId)).toEqual(['ship:-1', 'ship:-2', 'ship:-3', 'ship:1']);
    expect(variables).toEqual({ tick: 1 }); // channel and echo stayed local to the task
    expect((await harness.state(handle)).incidents).toEqual([]);
  });
});
