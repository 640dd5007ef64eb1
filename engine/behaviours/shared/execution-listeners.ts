/**
 * Camunda 8 execution listeners (`zeebe:executionListeners`), each a job of its type, one
 * after the other in document order. Start listeners run after the element's input
 * mappings and before its own work; end listeners after its output mappings, before the
 * token leaves. A failing listener opens an incident on the element like a failing job,
 * and a retry runs that listener again (the ones before it are not repeated); a listener
 * whose FEEL type or retries cannot be evaluated opens one too, and its retry runs the
 * listeners of its event type from the first; a BPMN error from a listener is an
 * incident too, never caught by a boundary (Camunda 8).
 *
 * Where results go (Camunda 8): a start listener's into the element's local scope (the
 * element, its output mappings and later listeners see them); an end listener's to the
 * element's parent scope, like output mappings.
 */
import type { ExecutionListener } from '../../../compiler/model.js';
import type { ProcessInstance } from '../../instance.js';
import { LISTENER_SCOPES_CHANGE, type CancellationHandle } from '../../ports.js';
import type { VariableScope } from '../../variables.js';
import { resolveJob, runJobUntilDone } from './jobs.js';

export interface ListenerScopes {
  /** What the listener jobs read: the element's scope (input mappings, outputs already applied). */
  readonly element: VariableScope;
  /** Where end listener results go; start listener results stay in `element`. */
  readonly parent: VariableScope;
}

export function hasListeners(listeners: readonly ExecutionListener[] | undefined, eventType: ExecutionListener['eventType']): boolean {
  return listeners?.some((listener) => listener.eventType === eventType) ?? false;
}

export async function runExecutionListeners(
  instance: ProcessInstance,
  elementId: string,
  listeners: readonly ExecutionListener[],
  eventType: ExecutionListener['eventType'],
  scopes: ListenerScopes,
  cancellation: CancellationHandle,
): Promise<void> {
  // Camunda 8 hands a listener job the element's task headers too; the listener's own win.
  // Not this engine's own headers, which configure the element's job alone.
  const host = instance.model.elements[elementId];
  const { resultVariable: _result, executionMode: _mode, ...elementHeaders } = host && 'job' in host && host.job ? host.job.headers : {};
  const ofType = listeners.filter((listener) => listener.eventType === eventType);
  let next = 0;
  while (next < ofType.length) {
    const listener = ofType[next]!;
    const job = { ...listener.job, headers: { ...elementHeaders, ...listener.job.headers } };
    // Camunda 8: when a listener's FEEL type or retries give nothing usable, the retry runs
    // the listeners of this event type again from the first (a failed job retries alone).
    const resolution = resolveJob(instance, elementId, job, scopes.element);
    if (typeof resolution === 'string' && (instance.ports.runsChange?.(LISTENER_SCOPES_CHANGE) ?? true)) {
      await instance.incident(elementId, resolution, cancellation);
      next = 0;
      continue;
    }
    // Listener jobs count their executions apart from the element's own and negatively,
    // so that their idempotency keys (instance, element, counter) never meet the element's.
    const executionCounter = -instance.nextExecution(`${elementId}#listeners`);
    const result = await runJobUntilDone(instance, elementId, job, scopes.element, executionCounter, cancellation, {
      bpmnErrorsCatchable: false,
      ...(typeof resolution === 'string' ? {} : { resolved: resolution }),
    });
    for (const [name, value] of Object.entries(result)) {
      if (eventType === 'start') scopes.element.setLocal(name, value);
      else scopes.parent.set(name, value);
    }
    next += 1;
  }
}
