import type { StartEventElement } from '../../../compiler/model.js';
import type { FlowNodeBehaviour } from '../types.js';

/**
 * BPMN 2.0 §10.5.2 start event. None, message and timer starts all pass straight on:
 * the instance exists because the event already happened (the API correlates the
 * message or the scheduler fires the timer, and hands the variables in).
 */
export const StartEvent: FlowNodeBehaviour<StartEventElement> = {
  role: 'flowNode',
  async run(element) {
    return { flows: element.outgoing, record: element.id };
  },
};
