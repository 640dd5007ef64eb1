/**
 * How a BPMN error and a failed step cross the activity/workflow boundary. The
 * activities throw these failures; the workflow ports read them back into the engine's
 * BpmnErrorSignal (caught by error boundary events) or JobFailure (an incident). One
 * module on both sides, so the failure type and its details cannot drift apart.
 */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/common';
import { BpmnErrorSignal, JobFailure } from '../engine/ports.js';

/** Failure types the workflow reads: a BPMN error is caught by boundary events. */
export const FAILURE_BPMN_ERROR = 'BpmnError';
export const FAILURE_BAD_INPUT = 'ServiceTaskInputError';
export const FAILURE_UNKNOWN_TYPE = 'UnknownServiceTaskType';

/** A BPMN error as a non-retryable failure: retrying cannot change a business answer. */
export function bpmnErrorFailure(code: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ message, type: FAILURE_BPMN_ERROR, nonRetryable: true, details: [{ code }] });
}

/**
 * The engine's reading of a failed activity or child workflow: a BPMN error keeps its
 * code; anything else failed after its last retry and becomes an incident.
 */
export function toEngineFailure(error: unknown): BpmnErrorSignal | JobFailure {
  const cause = error instanceof ActivityFailure || error instanceof ChildWorkflowFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type === FAILURE_BPMN_ERROR) {
    const details = cause.details?.[0] as { code?: string } | undefined;
    return new BpmnErrorSignal(details?.code ?? '', cause.message);
  }
  return new JobFailure(cause instanceof Error ? cause.message : String(cause));
}
