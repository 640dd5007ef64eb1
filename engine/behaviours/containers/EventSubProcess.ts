import type { StartEventElement, SubProcessElement } from '../../../compiler/model.js';
import type { CancellationHandle, Variables } from '../../ports.js';
import { firingDelays } from '../../timers.js';
import { resolveSignal, resolveSubscription, resolveTimer } from '../shared/event-waits.js';
import { messageVariables } from '../shared/message-variables.js';
import type { TokenContext } from '../types.js';

/** What an event sub-process asks of the scope it sits in (the flow scope implements it). */
export interface EventSubProcessScope {
  /** Starts the event sub-process: an interrupting one first ends every other token of the scope. */
  triggerEventSubProcess(eventSubProcessId: string, interrupting: boolean, variables: Variables): void;
}

/**
 * BPMN 2.0 §10.3.5 event sub-process, as Camunda 8 runs it: armed while its scope
 * (the process or a sub-process) is active. A message, timer or signal start waits
 * here; each time it happens the sub-process starts inside the scope. Interrupting,
 * it ends every other token of the scope (and the scope completes when it does);
 * non-interrupting, it runs beside them, as often as its event happens (a timer cycle
 * `R3/PT1H` three times). Error and escalation starts are not armed: a throw inside
 * the scope finds them (flow-scope.ts, model-lookups.ts). The sub-process itself runs
 * like any embedded sub-process, from its start event.
 */
export async function armEventSubProcess(
  eventSubProcess: SubProcessElement,
  token: Pick<TokenContext, 'instance' | 'flowScope'>,
  scope: EventSubProcessScope,
  cancellation: CancellationHandle,
): Promise<void> {
  const { instance, flowScope } = token;
  const start = instance.element(eventSubProcess.startEventId) as StartEventElement;
  const interrupting = start.interrupting !== false;
  const { event } = start;
  if (event.type === 'timer') {
    const timer = resolveTimer(instance, start.id, event.timer, flowScope.variables);
    if (!timer) return;
    for (const delay of firingDelays(timer, instance.ports.now())) {
      await instance.ports.sleep(delay, cancellation);
      scope.triggerEventSubProcess(eventSubProcess.id, interrupting, {});
      if (interrupting) return;
    }
    return;
  }
  if (event.type === 'message' || event.type === 'signal') {
    const wait =
      event.type === 'message'
        ? (() => {
            const subscription = resolveSubscription(instance, start.id, event, flowScope.variables);
            return () => instance.ports.waitForMessage(subscription, cancellation);
          })()
        : (() => {
            const subscription = resolveSignal(instance, start.id, event, flowScope.variables);
            return () => instance.ports.waitForSignal(subscription, cancellation);
          })();
    for (;;) {
      const received = await wait();
      scope.triggerEventSubProcess(eventSubProcess.id, interrupting, messageVariables(instance, start, received, flowScope.variables));
      if (interrupting) return;
    }
  }
}
