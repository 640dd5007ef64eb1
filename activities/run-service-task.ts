import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { recordInstanceSummary, type InstanceSummary } from '../stores/bpm/instances.js';
import type { Pool } from '../stores/db.js';
import { FAILURE_BAD_INPUT, FAILURE_UNKNOWN_TYPE, bpmnErrorFailure } from '../workflows/failures.js';
import { runnableTaskTypes } from './registry.js';
import { BpmnError, ServiceTaskInputError, type ServiceTaskType } from './service-tasks/types.js';

export interface ServiceTaskRequest {
  instanceId: string;
  elementId: string;
  /** Multi-instance / loop counter; with the workflow id and element id, the idempotency key. */
  loopCounter: number;
  taskType: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
  /** Where the instance stands as the step starts: written with the step, so a sequential flow needs no write of its own. */
  summary?: InstanceSummary;
}

export interface ServiceTaskResult {
  resultVariable: string;
  result: unknown;
}


/**
 * How often a running step tells Temporal its worker is alive. The workflow schedules
 * service tasks with a heartbeat timeout (workflows/ports/jobs.ts), so a step whose
 * worker was killed is retried elsewhere after that timeout, not after start-to-close.
 */
export const HEARTBEAT_EVERY_MS = 3_000;

export function createRunServiceTask(pool: Pool, types: ReadonlyMap<string, ServiceTaskType<never>> = runnableTaskTypes) {
  const runStep = createRunStep(pool, types);
  return async function runServiceTask(request: ServiceTaskRequest): Promise<ServiceTaskResult> {
    if (!request.summary) return runStep(request);
    // The summary and the step go to the database side by side, not one after the other
    // (one round trip less per step). The activity answers when both have landed: a failed
    // write fails it, and its retry repeats both (the step is idempotent, the write
    // seq-guarded); a failed step reports the step's own error.
    const written = recordInstanceSummary(pool, request.summary);
    let result: ServiceTaskResult;
    try {
      result = await runStep(request);
    } catch (error) {
      await written.catch(() => {});
      throw error;
    }
    await written;
    return result;
  };
}

/** The step itself: the registered type, its input checked, run with heartbeats. */
function createRunStep(pool: Pool, types: ReadonlyMap<string, ServiceTaskType<never>>) {
  return async function runStep(request: ServiceTaskRequest): Promise<ServiceTaskResult> {
    const taskType = types.get(request.taskType);
    if (!taskType) {
      throw ApplicationFailure.nonRetryable(`No service-task type "${request.taskType}" is registered`, FAILURE_UNKNOWN_TYPE);
    }
    const parsed = taskType.input.safeParse(request.variables);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || '(variables)';
      throw ApplicationFailure.nonRetryable(`${request.taskType}: ${field}: ${issue.message}`, FAILURE_BAD_INPUT, { field });
    }
    const stopHeartbeat = keepHeartbeating();
    try {
      const result = await taskType.run(parsed.data as never, {
        pool,
        idempotencyKey: `${request.instanceId}:${request.elementId}:${request.loopCounter}`,
        instanceId: request.instanceId,
        elementId: request.elementId,
        headers: request.headers,
      });
      return { resultVariable: taskType.resultVariableFrom?.(request.headers) ?? taskType.resultVariable, result };
    } catch (error) {
      if (error instanceof BpmnError) {
        throw bpmnErrorFailure(error.code, error.message);
      }
      if (error instanceof ServiceTaskInputError) {
        throw ApplicationFailure.nonRetryable(error.message, FAILURE_BAD_INPUT, { field: error.field });
      }
      throw error; // anything else is retried by the task's retry policy
    } finally {
      stopHeartbeat();
    }
  };
}

/** Heartbeats while a step runs; a no-op when called outside an activity (unit tests). */
function keepHeartbeating(): () => void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return () => {};
  }
  if (context.info.isLocal) return () => {}; // local activities have no heartbeat
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  return () => clearInterval(timer);
}
