import type { SubProcessElement } from '../../../compiler/model.js';
import type { ActivityBehaviour } from '../types.js';

/**
 * BPMN 2.0 §10.3.5 embedded sub-process: a flow scope of its own, started at its none
 * start event, completed when its last token ends, with the activity's local variable
 * scope. Cancelling the activity cancels every token inside.
 */
export const SubProcess: ActivityBehaviour<SubProcessElement> = {
  role: 'activity',
  async execute(element, context) {
    await context.runInnerScope(element.startEventId);
    return { variables: {} };
  },
};
