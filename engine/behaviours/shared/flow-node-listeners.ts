/**
 * Execution listeners of events and gateways (Camunda 8): start listeners after the
 * element's input mappings and before it subscribes, evaluates its expressions or throws
 * (what they fetch can choose a gateway's flow, a catch's correlation key or timer), end
 * listeners after it (after a catch's output mappings) and before the token leaves.
 *
 * The element gets a local scope of its own: start listener results live there, so its
 * expressions, its output mappings and its end listeners see them, and they are gone
 * once it has left (Camunda 8). No end listener runs when the element's own escalation
 * interrupted its scope, as in Camunda 8; a terminate end event runs them itself, before
 * it ends its scope.
 */
import type { FlowElement } from '../../../compiler/model.js';
import { LISTENER_SCOPES_CHANGE } from '../../ports.js';
import type { FlowNodeBehaviour, Outcome, TokenContext } from '../types.js';
import { elementScope } from './element-scope.js';
import { hasListeners, runExecutionListeners } from './execution-listeners.js';

export async function runFlowNodeWithListeners(element: FlowElement, behaviour: FlowNodeBehaviour, token: TokenContext): Promise<Outcome> {
  const { instance, flowScope } = token;
  const listeners = element.executionListeners ?? [];
  // Histories recorded before the change ran these listeners in the flow scope: they replay so.
  const local = instance.ports.runsChange?.(LISTENER_SCOPES_CHANGE) ?? true;
  const variables = local ? elementScope(instance, element, flowScope.variables) : flowScope.variables;
  const scopes = { element: variables, parent: flowScope.variables };
  if (hasListeners(listeners, 'start')) await runExecutionListeners(instance, element.id, listeners, 'start', scopes, flowScope.cancellation);
  const outcome = await behaviour.run(element, local ? { ...token, variables } : token);
  if (!outcome.skipEndListeners && hasListeners(listeners, 'end')) {
    await runExecutionListeners(instance, element.id, listeners, 'end', scopes, flowScope.cancellation);
  }
  return outcome;
}
