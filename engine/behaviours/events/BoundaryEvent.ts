import type { BoundaryEventElement } from '../../../compiler/model.js';
import type { FlowNodeBehaviour } from '../types.js';

/**
 * BPMN 2.0 §10.5.4 boundary event. Tokens never enter one by a sequence flow: it is
 * armed with its host activity (shared/boundary-events.ts, raced in activity.ts). Once it
 * has fired, a token is handed to it only when it has end listeners to run (Camunda 8):
 * it then leaves by its outgoing flows.
 */
export const BoundaryEvent: FlowNodeBehaviour<BoundaryEventElement> = {
  role: 'flowNode',
  async run(element, token) {
    if (token.viaFlowId !== null) throw new Error(`Boundary event ${element.id} cannot be entered by a sequence flow`);
    return { flows: element.outgoing, record: element.id };
  },
};
