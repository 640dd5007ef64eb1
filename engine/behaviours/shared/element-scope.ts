/**
 * The local scope of an event or gateway (Camunda 8): its input mappings (a signal
 * throw's, what the signal carries) and its start execution listeners' results live
 * there; the element reads its expressions there; what it hands on goes to the flow scope.
 */
import type { FlowElement } from '../../../compiler/model.js';
import type { ProcessInstance } from '../../instance.js';
import type { VariableScope } from '../../variables.js';
import type { TokenContext } from '../types.js';

/** A new local scope under `parent`, with the element's input mappings applied. */
export function elementScope(instance: ProcessInstance, element: FlowElement, parent: VariableScope): VariableScope {
  const scope = parent.child();
  for (const input of element.ioMapping.inputs) scope.setLocal(input.target, instance.expression(element.id, input.source, scope));
  return scope;
}

/** Where a flow node reads its expressions: its own local scope when it has one, else its flow scope's. */
export function readScope(token: TokenContext): VariableScope {
  return token.variables ?? token.flowScope.variables;
}
