import type { BoundaryEventElement } from '../../../compiler/model.js';
import type { CancellationHandle, Variables } from '../../ports.js';
import { firingDelays } from '../../timers.js';
import type { Outcome, TokenContext } from '../types.js';
import { never, resolveSignal, resolveSubscription, resolveTimer } from './event-waits.js';
import { hasListeners } from './execution-listeners.js';
import { messageVariables } from './message-variables.js';

/**
 * BPMN 2.0 §10.5.4 boundary event, armed while its host activity runs (activity.ts
 * races them). Resolves when an interrupting event fires (the host is then cancelled);
 * a non-interrupting one instead spawns a token on its outgoing flows each time it
 * fires (a timer cycle `R3/PT10M` three times) and the host runs on.
 */
export async function armBoundaryEvent(boundary: BoundaryEventElement, token: TokenContext, cancellation: CancellationHandle): Promise<Variables> {
  const { instance, flowScope } = token;
  if (boundary.event.type === 'timer') {
    const timer = resolveTimer(instance, boundary.id, boundary.event.timer, flowScope.variables);
    if (!timer) return never();
    for (const delay of firingDelays(timer, instance.ports.now())) {
      await instance.ports.sleep(delay, cancellation);
      if (boundary.cancelActivity) return {};
      leaveByBoundary(boundary, token);
    }
    return never();
  }
  if (boundary.event.type === 'message') {
    const subscription = resolveSubscription(instance, boundary.id, boundary.event, flowScope.variables);
    for (;;) {
      const variables = messageVariables(instance, boundary, await instance.ports.waitForMessage(subscription, cancellation), flowScope.variables);
      if (boundary.cancelActivity) return variables;
      flowScope.variables.setAll(variables);
      leaveByBoundary(boundary, token);
    }
  }
  if (boundary.event.type === 'signal') {
    const subscription = resolveSignal(instance, boundary.id, boundary.event, flowScope.variables);
    for (;;) {
      const variables = messageVariables(instance, boundary, await instance.ports.waitForSignal(subscription, cancellation), flowScope.variables);
      if (boundary.cancelActivity) return variables;
      flowScope.variables.setAll(variables);
      leaveByBoundary(boundary, token);
    }
  }
  // Error and escalation boundaries catch what is thrown inside (activity.ts): nothing to arm.
  return never();
}

/**
 * Where the token goes once an interrupting boundary event fired: along its flows, or,
 * when it has end listeners to run (Camunda 8), onto the boundary event itself first.
 */
export function boundaryOutcome(boundary: BoundaryEventElement): Outcome {
  return hasListeners(boundary.executionListeners, 'end')
    ? { flows: [], record: null, jumpTo: boundary.id }
    : { flows: boundary.outgoing, record: boundary.id };
}

/** A non-interrupting boundary event fired: new tokens on its flows, or one on it when it has end listeners. */
export function leaveByBoundary(boundary: BoundaryEventElement, token: TokenContext): void {
  if (hasListeners(boundary.executionListeners, 'end')) token.flowScope.spawn(boundary.id, null);
  else token.flowScope.leave(boundary.id, boundary.outgoing);
}
