import type { JobTaskElement } from '../../../compiler/model.js';
import type { ActivityBehaviour } from '../types.js';
import { runJobUntilDone } from '../shared/jobs.js';

/**
 * BPMN 2.0 §10.3.3 service task; Camunda 8 runs send tasks (§10.3.3 send) and business
 * rule tasks the same way: a job of `zeebe:taskDefinition type`, whose result is merged
 * under its result variable.
 */
export const ServiceTask: ActivityBehaviour<JobTaskElement> = {
  role: 'activity',
  async execute(element, context) {
    const variables = await runJobUntilDone(
      context.instance,
      element.id,
      element.job,
      context.variables,
      context.executionCounter,
      context.cancellation,
    );
    return { variables };
  },
};
