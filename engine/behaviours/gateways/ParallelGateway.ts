import type { ParallelGatewayElement } from '../../../compiler/model.js';
import type { FlowNodeBehaviour } from '../types.js';

/**
 * BPMN 2.0 §13.3.4 parallel gateway: joins by waiting for a token on every incoming
 * flow (counting tokens per flow), then forks one token onto every outgoing flow.
 */
export const ParallelGateway: FlowNodeBehaviour<ParallelGatewayElement> = {
  role: 'flowNode',
  async run(element, token) {
    if (element.incoming.length > 1 && !token.flowScope.arriveAtParallelJoin(element.id, token.viaFlowId, element.incoming)) {
      return { flows: [], record: null }; // this token is absorbed; the last one to arrive goes on
    }
    return { flows: element.outgoing, record: element.id };
  },
};
