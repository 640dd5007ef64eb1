import type { PlainTaskElement } from '../../../compiler/model.js';
import type { ActivityBehaviour } from '../types.js';

/** BPMN 2.0 §10.3.3 abstract task (and manual task): nothing to do, as in Camunda 8. */
export const Task: ActivityBehaviour<PlainTaskElement> = {
  role: 'activity',
  async execute() {
    return { variables: {} };
  },
};
