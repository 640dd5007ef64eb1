import type { IntermediateCatchEventElement } from '../../../compiler/model.js';
import type { ProcessInstance } from '../../instance.js';
import type { CancellationHandle, Variables } from '../../ports.js';
import type { VariableScope } from '../../variables.js';
import type { FlowNodeBehaviour } from '../types.js';
import { resolveSubscription, resolveTimer, waitForTimer } from './event-waits.js';
import { messageVariables } from './message-variables.js';

/**
 * BPMN 2.0 §10.5.4 intermediate catch event: the token waits for the timer or the
 * message; message variables are merged into the scope (Camunda 8 propagation), or
 * only its output mappings when it has any.
 */
export const IntermediateCatchEvent: FlowNodeBehaviour<IntermediateCatchEventElement> = {
  role: 'flowNode',
  async run(element, token) {
    const { instance, flowScope } = token;
    const cancellation = instance.ports.createScope(flowScope.cancellation);
    const variables = await cancellation.run(() => awaitCatchEvent(instance, element, flowScope.variables, cancellation));
    flowScope.variables.setAll(messageVariables(instance, element, variables, flowScope.variables));
    return { flows: element.outgoing, record: element.id };
  },
};

/** Waits for the event of a catch event; also what the event-based gateway races. */
export async function awaitCatchEvent(
  instance: ProcessInstance,
  element: IntermediateCatchEventElement,
  scope: VariableScope,
  cancellation: CancellationHandle,
): Promise<Variables> {
  if (element.event.type === 'timer') {
    const timer = resolveTimer(instance, element.id, element.event.timer, scope);
    await instance.waiting();
    return waitForTimer(instance, timer, cancellation);
  }
  const subscription = resolveSubscription(instance, element.id, element.event, scope);
  await instance.waiting();
  return instance.ports.waitForMessage(subscription, cancellation);
}
