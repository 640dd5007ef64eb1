import type { ConditionalGatewayElement } from '../../../compiler/model.js';
import type { FlowNodeBehaviour } from '../types.js';
import { chooseFlows } from '../shared/conditions.js';
import { readScope } from '../shared/element-scope.js';

/**
 * BPMN 2.0 §13.3.2 exclusive gateway: the first outgoing flow (document order) whose
 * condition holds, else the default flow, else an incident ('no flow'). Merging, it
 * passes every token on.
 */
export const ExclusiveGateway: FlowNodeBehaviour<ConditionalGatewayElement> = {
  role: 'flowNode',
  async run(element, token) {
    if (element.outgoing.length <= 1 && !element.outgoing.some((id) => token.instance.model.flows[id]?.condition)) {
      return { flows: element.outgoing, record: element.id };
    }
    const flows = await chooseFlows(token.instance, element, readScope(token), true, token.flowScope.cancellation);
    return { flows, record: element.id };
  },
};
