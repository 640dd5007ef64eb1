import type { SignalEventDefinition } from '../../../compiler/model.js';
import { toJson } from '../../feel.js';
import type { Variables } from '../../ports.js';
import type { TokenContext } from '../types.js';

/**
 * BPMN 2.0 §10.5.5 throwing a signal (intermediate throw and end events), once per
 * execution of the element. As in Zeebe, what travels with it is the event's local
 * scope: the result of its input mappings, nothing when it has none.
 */
export async function throwSignal(elementId: string, event: SignalEventDefinition, token: TokenContext): Promise<void> {
  const { instance, flowScope } = token;
  const element = instance.element(elementId);
  const scope = flowScope.variables.child();
  for (const input of element.ioMapping.inputs) scope.setLocal(input.target, instance.expression(elementId, input.source, scope));
  const variables = toJson(scope.ownVariables()) as Variables;
  const signalName = String(instance.expression(elementId, event.signalName, scope) ?? '');
  const cancellation = instance.ports.createScope(flowScope.cancellation);
  await instance.ports.broadcastSignal({ elementId, loopCounter: instance.nextExecution(elementId), signalName, variables }, cancellation);
}
