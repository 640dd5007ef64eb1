/**
 * Execution listeners of events and gateways (Camunda 8): start listeners before the
 * element subscribes, evaluates its expressions or throws (what they fetch can choose a
 * gateway's flow, a catch's correlation key or timer), end listeners after it (after a
 * catch's output mappings) and before the token leaves.
 *
 * Events and gateways have no variable scope of their own here, so start listener
 * results land in the flow scope around them (Camunda keeps them local to the element:
 * here they stay visible after it). No end listener runs when the element's own
 * escalation interrupted its scope, as in Camunda 8; a terminate end event runs them
 * itself, before it ends its scope.
 */
import type { FlowElement } from '../../../compiler/model.js';
import type { FlowNodeBehaviour, Outcome, TokenContext } from '../types.js';
import { hasListeners, runExecutionListeners } from './execution-listeners.js';

export async function runFlowNodeWithListeners(element: FlowElement, behaviour: FlowNodeBehaviour, token: TokenContext): Promise<Outcome> {
  const { instance, flowScope } = token;
  const listeners = element.executionListeners ?? [];
  const scopes = { element: flowScope.variables, parent: flowScope.variables };
  if (hasListeners(listeners, 'start')) await runExecutionListeners(instance, element.id, listeners, 'start', scopes, flowScope.cancellation);
  const outcome = await behaviour.run(element, token);
  if (!outcome.skipEndListeners && hasListeners(listeners, 'end')) {
    await runExecutionListeners(instance, element.id, listeners, 'end', scopes, flowScope.cancellation);
  }
  return outcome;
}
