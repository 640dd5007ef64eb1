import type { ConditionalGatewayElement } from '../../../compiler/model.js';
import type { FlowNodeBehaviour } from '../types.js';
import { chooseFlows } from '../shared/conditions.js';
import { readScope } from '../shared/element-scope.js';

/**
 * BPMN 2.0 §13.3.3 inclusive gateway. Forking: every outgoing flow whose condition
 * holds (the default flow when none does). Joining: waits only for tokens that can still
 * arrive, i.e. until no other token of the scope has a path to the gateway; then it
 * fires once for all that came.
 */
export const InclusiveGateway: FlowNodeBehaviour<ConditionalGatewayElement> = {
  role: 'flowNode',
  async run(element, token) {
    const { instance, flowScope } = token;
    const fork = async () => ({ flows: await chooseFlows(instance, element, readScope(token), false, flowScope.cancellation), record: element.id });
    if (element.incoming.length <= 1 || flowScope.takeReleasedJoin(element.id)) return fork();
    flowScope.waitAtInclusiveJoin(element.id);
    return { flows: [], record: null };
  },
};
