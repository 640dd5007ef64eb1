import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { DECISION_TASK_TYPE, type ResourceBinding } from '../compiler/model.js';
import { DecisionEvaluationError, evaluateDecision } from '../decisions/evaluate.js';
import { describeBinding } from '../stores/bpm/binding.js';
import { findDecision } from '../stores/bpm/decisions.js';
import type { ServiceTaskType } from './service-tasks/types.js';

/** Failure type of a decision that is missing or cannot decide: retrying cannot help, so an incident opens at once. */
export const FAILURE_DECISION = 'DecisionEvaluationFailed';

function bindingOf(headers: Record<string, string>): ResourceBinding {
  if (headers.bindingType === 'versionTag') return { bindingType: 'versionTag', versionTag: headers.versionTag ?? '' };
  if (headers.bindingType === 'deployment') return { bindingType: 'deployment', ...(headers.deploymentId ? { deploymentId: headers.deploymentId } : {}) };
  return { bindingType: 'latest' };
}

/**
 * A business rule task's `zeebe:calledDecision` (compiler/read/tasks.ts): finds the
 * decision version its binding means and evaluates it on the task's variables. The
 * result goes to the task's own result variable. Reads only, so a repeat is harmless;
 * it runs as a local activity.
 */
export const evaluateDecisionTask: ServiceTaskType<Record<string, unknown>> = {
  type: DECISION_TASK_TYPE,
  input: z.record(z.string(), z.unknown()),
  resultVariable: 'decisionResult',
  resultVariableFrom: (headers) => headers.resultVariable ?? 'decisionResult',
  execution: 'local',
  async run(variables, { pool, headers }) {
    const decisionId = headers.decisionId;
    if (!decisionId) throw ApplicationFailure.nonRetryable('The business rule task names no decision (header decisionId)', FAILURE_DECISION);
    const binding = bindingOf(headers);
    const definition = await findDecision(pool, decisionId, binding);
    if (!definition) {
      throw ApplicationFailure.nonRetryable(`No decision '${decisionId}' (${describeBinding(binding)}) is deployed; deploy its .dmn file, then retry`, FAILURE_DECISION);
    }
    try {
      return evaluateDecision(definition.graph, decisionId, variables).value;
    } catch (error) {
      if (error instanceof DecisionEvaluationError) {
        throw ApplicationFailure.nonRetryable(`${error.message} (version ${definition.version})`, FAILURE_DECISION);
      }
      throw error;
    }
  },
};
