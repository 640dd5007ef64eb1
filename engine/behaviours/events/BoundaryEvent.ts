import type { BoundaryEventElement } from '../../../compiler/model.js';
import type { FlowNodeBehaviour } from '../types.js';

/**
 * BPMN 2.0 §10.5.4 boundary event. Tokens never enter one by a sequence flow: it is
 * armed with its host activity (shared/boundary-events.ts, raced in activity.ts).
 */
export const BoundaryEvent: FlowNodeBehaviour<BoundaryEventElement> = {
  role: 'flowNode',
  async run(element) {
    throw new Error(`Boundary event ${element.id} cannot be entered by a sequence flow`);
  },
};
