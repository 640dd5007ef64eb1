import type { SignalEventDefinition } from '../../../compiler/model.js';
import { toJson } from '../../feel.js';
import type { Variables } from '../../ports.js';
import type { TokenContext } from '../types.js';
import { elementScope } from './element-scope.js';

/**
 * BPMN 2.0 §10.5.5 throwing a signal (intermediate throw and end events), once per
 * execution of the element. As in Zeebe, what travels with it is the event's local
 * scope: the result of its input mappings (and its start listeners'), nothing when it has none.
 */
export async function throwSignal(elementId: string, event: SignalEventDefinition, token: TokenContext): Promise<void> {
  const { instance, flowScope } = token;
  const element = instance.element(elementId);
  // With execution listeners the element's local scope exists already, its inputs applied.
  const scope = token.variables ?? elementScope(instance, element, flowScope.variables);
  const variables = toJson(scope.ownVariables()) as Variables;
  const signalName = String(instance.expression(elementId, event.signalName, scope) ?? '');
  const cancellation = instance.ports.createScope(flowScope.cancellation);
  await instance.ports.broadcastSignal({ elementId, loopCounter: instance.nextExecution(elementId), signalName, variables }, cancellation);
}
