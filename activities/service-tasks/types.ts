import type { z } from 'zod';
import type { Pool } from '../../stores/db.js';

export interface ServiceTaskContext {
  pool: Pool;
  /** `<workflowId>:<elementId>:<loopCounter>`: stable across retries and continue-as-new. */
  idempotencyKey: string;
  instanceId: string;
  elementId: string;
  headers: Record<string, string>;
}

/** One service-task type (`zeebe:taskDefinition type`), CONTRACT §4. */
export interface ServiceTaskType<I = unknown> {
  type: string;
  /** The process variables it reads, validated before anything is written. */
  input: z.ZodType<I>;
  /** Where the result is merged into the process variables. */
  resultVariable: string;
  /** When each task names its own result variable (a called decision's), read from the task's headers. */
  resultVariableFrom?: (headers: Record<string, string>) => string;
  /**
   * `local`: a short step whose idempotency key makes a repeat harmless, run as a
   * Temporal local activity (Temporal's advice for short steps: no activity task, no
   * extra round trip). Default `activity`. A task's `executionMode` header overrides it.
   */
  execution?: 'activity' | 'local';
  /** The BPMN error codes it may throw, for error boundary events (CONTRACT §4). */
  errorCodes?: readonly string[];
  /** Returns a JSON-safe result; money and quantities are numbers. */
  run(input: I, ctx: ServiceTaskContext): Promise<unknown>;
}

/** A business failure a process can catch with an error boundary event (BPMN 2.0 §10.5.1). */
export class BpmnError extends Error {
  override name = 'BpmnError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The variables do not fit the task type: retrying cannot help, so this opens an incident. */
export class ServiceTaskInputError extends Error {
  override name = 'ServiceTaskInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
