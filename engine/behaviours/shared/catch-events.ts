import type { IntermediateCatchEventElement } from '../../../compiler/model.js';
import type { ProcessInstance } from '../../instance.js';
import type { CancellationHandle, Variables } from '../../ports.js';
import type { VariableScope } from '../../variables.js';
import { resolveSignal, resolveSubscription, resolveTimer, waitForTimer } from './event-waits.js';

/** Waits for the event of a catch event (BPMN 2.0 §10.5.4): the catch event itself and the event-based gateway's race. */
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
  if (element.event.type === 'signal') {
    const subscription = resolveSignal(instance, element.id, element.event, scope);
    await instance.waiting();
    return instance.ports.waitForSignal(subscription, cancellation);
  }
  if (element.event.type === 'link') return {}; // a link catch is entered by its throw: nothing to wait for
  const subscription = resolveSubscription(instance, element.id, element.event, scope);
  await instance.waiting();
  return instance.ports.waitForMessage(subscription, cancellation);
}
