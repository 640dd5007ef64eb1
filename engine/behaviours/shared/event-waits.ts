/**
 * Waiting for a timer or a message (BPMN 2.0 §10.5.4), shared by intermediate catch
 * events, boundary events and the event-based gateway.
 */
import type { MessageEventDefinition, ParsedTimer, SignalEventDefinition, TimerDefinition } from '../../../compiler/model.js';
import type { ProcessInstance } from '../../instance.js';
import type { CancellationHandle, MessageSubscription, SignalSubscription, Variables } from '../../ports.js';
import { firingDelays, parseTimerValue } from '../../timers.js';
import type { VariableScope } from '../../variables.js';

/** The timer as parsed by the compiler, or its FEEL evaluated now; null (recorded) when unreadable. */
export function resolveTimer(instance: ProcessInstance, elementId: string, timer: TimerDefinition, scope: VariableScope): ParsedTimer | null {
  if (timer.parsed) return timer.parsed;
  const value = instance.expression(elementId, timer.source, scope);
  const parsed = typeof value === 'string' ? parseTimerValue(timer.kind, value) : null;
  if (!parsed) instance.warn(elementId, `timer ${timer.kind} ${JSON.stringify(value)} is not ISO 8601: the timer never fires`);
  return parsed;
}

/** Message name and correlation key value, evaluated in `scope` (Camunda: at subscription time). */
export function resolveSubscription(
  instance: ProcessInstance,
  elementId: string,
  event: MessageEventDefinition,
  scope: VariableScope,
): MessageSubscription {
  const name = event.messageName ? instance.expression(elementId, event.messageName, scope) : null;
  const key = event.correlationKey ? instance.expression(elementId, event.correlationKey, scope) : null;
  return {
    elementId,
    messageName: String(name ?? ''),
    correlationKey: key === null || key === undefined ? null : typeof key === 'string' ? key : JSON.stringify(key),
  };
}

/** The signal's name, evaluated in `scope` when the catch starts waiting. */
export function resolveSignal(instance: ProcessInstance, elementId: string, event: SignalEventDefinition, scope: VariableScope): SignalSubscription {
  return { elementId, signalName: String(instance.expression(elementId, event.signalName, scope) ?? '') };
}

/** A promise that never settles: a timer that can never fire. Cancelling its scope abandons it. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

/** Sleeps until the first firing of a timer; used by catch events and the event-based gateway. */
export async function waitForTimer(instance: ProcessInstance, timer: ParsedTimer | null, cancellation: CancellationHandle): Promise<Variables> {
  if (!timer) return never();
  const [delay] = firingDelays(timer, instance.ports.now());
  await instance.ports.sleep(delay ?? 0, cancellation);
  return {};
}
