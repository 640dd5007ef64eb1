import type { IntermediateThrowEventElement } from '../../../compiler/model.js';
import type { FlowNodeBehaviour } from '../types.js';

/** BPMN 2.0 §10.5.4 none intermediate throw event: a milestone, the token passes on. */
export const IntermediateThrowEvent: FlowNodeBehaviour<IntermediateThrowEventElement> = {
  role: 'flowNode',
  async run(element) {
    return { flows: element.outgoing, record: element.id };
  },
};
