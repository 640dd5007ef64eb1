import type { ScriptTaskElement } from '../../../compiler/model.js';
import type { ActivityBehaviour } from '../types.js';
import { runJobUntilDone } from '../shared/jobs.js';

/**
 * BPMN 2.0 §10.3.3 script task. With `zeebe:script`, FEEL evaluated in the workflow
 * (deterministic) into `resultVariable`; with `zeebe:taskDefinition`, a job.
 */
export const ScriptTask: ActivityBehaviour<ScriptTaskElement> = {
  role: 'activity',
  async execute(element, context) {
    if (element.script) {
      const value = context.instance.evaluate(element.id, element.script.expression, context.variables);
      return { variables: { [element.script.resultVariable]: value } };
    }
    if (!element.job) return { variables: {} };
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
