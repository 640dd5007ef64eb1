/**
 * Which dependency an error says is unreachable, if any (CONTRACT §2: 503 with
 * Retry-After naming PostgreSQL or Temporal, never a 500). Only connection failures
 * count: a failed query or a refused workflow call stays what it is.
 */
export type Dependency = 'PostgreSQL' | 'Temporal';

// Socket errors of a connection that cannot be made or was cut.
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE: class 08 connection exception; 57P01-03 the server shuts down, crashed or is starting.
const postgresStates = /^(08...|57P0[123])$/;
// node-postgres and pg-pool say these in words, without a code.
const postgresMessages = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed)/;
// gRPC status codes: 14 UNAVAILABLE (no connection, server going away), 4 DEADLINE_EXCEEDED.
const grpcUnavailable = new Set([14, 4]);

interface ErrorFields {
  code?: unknown;
  details?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function isGrpcError(error: ErrorFields): boolean {
  return typeof error.code === 'number' && typeof error.details === 'string';
}

/** Walks the error and its causes (the Temporal client wraps gRPC errors in a ServiceError). */
export function unavailableDependency(error: unknown, depth = 0): Dependency | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const fields = error as ErrorFields;
  if (isGrpcError(fields)) return grpcUnavailable.has(fields.code as number) ? 'Temporal' : undefined;
  if (typeof fields.code === 'string' && (socketCodes.has(fields.code) || postgresStates.test(fields.code))) return 'PostgreSQL';
  if (typeof fields.message === 'string' && postgresMessages.test(fields.message)) return 'PostgreSQL';
  // Node's AggregateError (IPv4 and IPv6 both refused) carries the socket errors in `errors`.
  if (Array.isArray(fields.errors)) {
    for (const inner of fields.errors) {
      const found = unavailableDependency(inner, depth + 1);
      if (found) return found;
    }
  }
  return unavailableDependency(fields.cause, depth + 1);
}

// gRPC 9 FAILED_PRECONDITION with these details: the workflow's current workflow task failed
// in a worker (overloaded, restarting) and Temporal retries it; an update sent meanwhile is
// refused, and the same request succeeds once the task has been retried.
const failedWorkflowTask = /Workflow Task in failed state/i;

/** Whether a refused workflow call will work when sent again shortly (a 503, not a 500). */
export function isWorkflowBusy(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const fields = error as ErrorFields;
  if (isGrpcError(fields)) return fields.code === 9 && failedWorkflowTask.test(fields.details as string);
  return isWorkflowBusy(fields.cause, depth + 1);
}
