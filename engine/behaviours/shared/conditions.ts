/** Choosing outgoing flows by their FEEL conditions (exclusive and inclusive gateways). */
import type { ConditionalGatewayElement } from '../../../compiler/model.js';
import type { ProcessInstance } from '../../instance.js';
import type { VariableScope } from '../../variables.js';

/**
 * The non-default outgoing flows whose condition holds, in document order; a flow
 * without a condition holds. `firstOnly` stops at the first (exclusive gateway).
 */
export function flowsThatHold(
  instance: ProcessInstance,
  gateway: ConditionalGatewayElement,
  scope: VariableScope,
  firstOnly: boolean,
): string[] {
  const taken: string[] = [];
  for (const flowId of gateway.outgoing) {
    if (flowId === gateway.defaultFlowId) continue;
    const condition = instance.model.flows[flowId]?.condition ?? null;
    if (condition === null || instance.condition(gateway.id, condition, scope)) {
      taken.push(flowId);
      if (firstOnly) break;
    }
  }
  return taken;
}

/** Flows to take, else the default flow, else an incident until a retry finds one. */
export async function chooseFlows(
  instance: ProcessInstance,
  gateway: ConditionalGatewayElement,
  scope: VariableScope,
  firstOnly: boolean,
  cancellationParent: Parameters<ProcessInstance['ports']['createScope']>[0],
): Promise<string[]> {
  for (;;) {
    const taken = flowsThatHold(instance, gateway, scope, firstOnly);
    if (taken.length > 0) return taken;
    if (gateway.defaultFlowId) return [gateway.defaultFlowId];
    const cancellation = instance.ports.createScope(cancellationParent);
    await instance.incident(gateway.id, 'No outgoing sequence flow: no condition holds and there is no default flow', cancellation);
  }
}
