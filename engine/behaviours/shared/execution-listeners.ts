/**
 * Camunda 8 execution listeners (`zeebe:executionListeners`): before an activity's own
 * work (after its input mappings) its start listeners run, after it (after its output
 * mappings) its end listeners, each a job of its type, one after the other. A failing
 * listener opens an incident on the activity like a failing job; a retry runs it again.
 * A listener's result is merged like a job's result (it propagates to where the variable
 * lives, else to the process), so that what a start listener fetched is there for the
 * activity, its output mappings and the rest of the process.
 */
import type { ExecutionListener } from '../../../compiler/model.js';
import type { ProcessInstance } from '../../instance.js';
import type { CancellationHandle } from '../../ports.js';
import type { VariableScope } from '../../variables.js';
import { runJobUntilDone } from './jobs.js';

export async function runExecutionListeners(
  instance: ProcessInstance,
  elementId: string,
  listeners: readonly ExecutionListener[],
  eventType: ExecutionListener['eventType'],
  scope: VariableScope,
  cancellation: CancellationHandle,
): Promise<void> {
  for (const listener of listeners) {
    if (listener.eventType !== eventType) continue;
    // Listener jobs count their executions apart from the activity's own and negatively,
    // so that their idempotency keys (instance, element, counter) never meet the activity's.
    const executionCounter = -instance.nextExecution(`${elementId}#listeners`);
    const result = await runJobUntilDone(instance, elementId, listener.job, scope, executionCounter, cancellation);
    for (const [name, value] of Object.entries(result)) scope.set(name, value);
  }
}
