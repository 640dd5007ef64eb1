import { DomainError, type DomainErrorCode } from '../../stores/errors.js';
import { BpmnError, ServiceTaskInputError } from './types.js';

/** The store refusals a process is expected to handle with an error boundary event (CONTRACT §4). */
const catchableCodes: ReadonlySet<DomainErrorCode> = new Set(['OUT_OF_STOCK', 'CREDIT_LIMIT', 'UNKNOWN_CLIENT', 'OVERPAYMENT']);

/**
 * Runs a store call for a service task and says what its refusal means to the process:
 * a catchable code becomes a BPMN error; any other domain error (unknown order, a key
 * reused with other variables, nothing left to ship) cannot be cured by retrying, so it
 * becomes an input error, which opens an incident at once; anything else is retried.
 */
export async function storeCall<T>(field: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (catchableCodes.has(error.code)) throw new BpmnError(error.code, error.message);
    throw new ServiceTaskInputError(error.code === 'IDEMPOTENCY_CONFLICT' ? '(variables)' : field, `${error.code}: ${error.message}`);
  }
}
