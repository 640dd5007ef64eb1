import type { BoundaryEventElement } from '../../../compiler/model.js';
import type { CancellationHandle, Variables } from '../../ports.js';
import { firingDelays } from '../../timers.js';
import type { TokenContext } from '../types.js';
import { never, resolveSignal, resolveSubscription, resolveTimer } from './event-waits.js';
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
      flowScope.leave(boundary.id, boundary.outgoing);
    }
    return never();
  }
  if (boundary.event.type === 'message') {
    const subscription = resolveSubscription(instance, boundary.id, boundary.event, flowScope.variables);
    for (;;) {
      const variables = messageVariables(instance, boundary, await instance.ports.waitForMessage(subscription, cancellation), flowScope.variables);
      if (boundary.cancelActivity) return variables;
      flowScope.variables.setAll(variables);
      flowScope.leave(boundary.id, boundary.outgoing);
    }
  }
  if (boundary.event.type === 'signal') {
    const subscription = resolveSignal(instance, boundary.id, boundary.event, flowScope.variables);
    for (;;) {
      const variables = messageVariables(instance, boundary, await instance.ports.waitForSignal(subscription, cancellation), flowScope.variables);
      if (boundary.cancelActivity) return variables;
      flowScope.variables.setAll(variables);
      flowScope.leave(boundary.id, boundary.outgoing);
    }
  }
  // Error and escalation boundaries catch what is thrown inside (activity.ts): nothing to arm.
  return never();
}
