/**
 * Running a job (Camunda 8: service, send, business rule and job-based script tasks,
 * message end events). A BPMN error goes to the error boundary event that catches it;
 * a failure after the last retry, or a BPMN error nobody catches, opens an incident:
 * the instance waits, and a retry runs the job again (CONTRACT §4).
 */
import type { JobDefinition } from '../../../compiler/model.js';
import { toJson } from '../../feel.js';
import type { ProcessInstance } from '../../instance.js';
import { BpmnErrorSignal, JobFailure, type CancellationHandle, type Variables } from '../../ports.js';
import type { VariableScope } from '../../variables.js';

export async function runJobUntilDone(
  instance: ProcessInstance,
  elementId: string,
  job: JobDefinition,
  scope: VariableScope,
  executionCounter: number,
  cancellation: CancellationHandle,
  options: {
    /** False for execution listeners: Camunda 8 lets no boundary catch their BPMN errors (an incident opens). */
    bpmnErrorsCatchable?: boolean;
    /** The first attempt's type and retries when the caller has already resolved them. */
    resolved?: ResolvedJob;
  } = {},
): Promise<Variables> {
  const { bpmnErrorsCatchable = true } = options;
  let firstAttempt = options.resolved;
  for (;;) {
    const resolved = firstAttempt ?? resolveJob(instance, elementId, job, scope);
    firstAttempt = undefined;
    if (typeof resolved === 'string') {
      await instance.incident(elementId, resolved, cancellation);
      continue;
    }
    try {
      const { resultVariable, result } = await instance.ports.runJob(
        {
          elementId,
          loopCounter: executionCounter,
          taskType: resolved.taskType,
          retries: resolved.retries,
          headers: job.headers,
          variables: toJson(scope.visible()) as Variables,
          ...(job.execution === 'local' ? { local: true } : {}),
        },
        cancellation,
      );
      return resultVariable ? { [resultVariable]: toJson(result) } : {};
    } catch (error) {
      if (error instanceof BpmnErrorSignal) {
        if (bpmnErrorsCatchable && instance.canCatchError(elementId, error.code)) throw error;
        const uncaught = bpmnErrorsCatchable
          ? `No error boundary event catches error '${error.code}'`
          : `An execution listener threw error '${error.code}', which no boundary event may catch`;
        await instance.incident(elementId, `${uncaught}: ${error.message}`, cancellation);
      } else if (error instanceof JobFailure) {
        await instance.incident(elementId, error.message, cancellation);
      } else {
        throw error;
      }
    }
  }
}

export interface ResolvedJob {
  taskType: string;
  retries: number;
}

/**
 * Camunda 8 evaluates a FEEL task type and FEEL retries for each job, in the job's scope.
 * Returns what to run, or the incident message when the FEEL gives no usable value.
 */
export function resolveJob(instance: ProcessInstance, elementId: string, job: JobDefinition, scope: VariableScope): ResolvedJob | string {
  const taskType = job.taskTypeExpression === undefined ? job.taskType : instance.evaluate(elementId, job.taskTypeExpression, scope);
  if (typeof taskType !== 'string' || taskType.trim() === '') {
    return `The task type ${job.taskType} gave ${JSON.stringify(taskType)}, not a task type`;
  }
  const retries = job.retriesExpression === undefined ? job.retries : instance.evaluate(elementId, job.retriesExpression, scope);
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0) {
    return `The retries =${job.retriesExpression ?? ''} gave ${JSON.stringify(retries)}, not a whole number`;
  }
  return { taskType: taskType.trim(), retries };
}
