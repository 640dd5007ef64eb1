import { describe, expect, it } from 'vitest';
import { isWorkflowBusy, unavailableDependency } from '../../api/unavailable.js';

const grpc = (code: number, details = 'x') => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
const sqlState = (code: string) => Object.assign(new Error('pg says no'), { code });

describe('unavailableDependency', () => {
  it.each([
    ['a refused PostgreSQL connection', errno('ECONNREFUSED'), 'PostgreSQL'],
    ['both addresses refused (AggregateError)', Object.assign(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')]), { code: 'ECONNREFUSED' }), 'PostgreSQL'],
    ['a cut connection', new Error('Connection terminated unexpectedly'), 'PostgreSQL'],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect'), 'PostgreSQL'],
    ['the server shutting down (57P01)', sqlState('57P01'), 'PostgreSQL'],
    ['the server starting up (57P03)', sqlState('57P03'), 'PostgreSQL'],
    ['a connection exception (08006)', sqlState('08006'), 'PostgreSQL'],
    ['Temporal UNAVAILABLE', grpc(14, 'No connection established'), 'Temporal'],
    ['Temporal UNAVAILABLE inside the client ServiceError', new Error('Failed to start Workflow', { cause: grpc(14) }), 'Temporal'],
    ['Temporal DEADLINE_EXCEEDED', grpc(4), 'Temporal'],
  ])('should name the dependency for %s', (_, error, expected) => {
    expect(unavailableDependency(error)).toBe(expected);
  });

  it.each([
    ['a unique violation', sqlState('23505')],
    ['a syntax error', sqlState('42601')],
    ['Temporal NOT_FOUND', grpc(5)],
    ['Temporal ALREADY_EXISTS inside a ServiceError', new Error('already started', { cause: grpc(6) })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'oops'],
  ])('should name nothing for %s (it stays a 500 or its own status)', (_, error) => {
    expect(unavailableDependency(error)).toBeUndefined();
  });

  it('should call a workflow whose workflow task failed busy, and nothing else', () => {
    // seen in the soak: an update refused while an overloaded worker's workflow task is retried
    const refused = new Error('Workflow Update failed', { cause: grpc(9, 'Workflow Task in failed state.') });
    expect(isWorkflowBusy(refused)).toBe(true);
    expect(unavailableDependency(refused)).toBeUndefined();
    expect(isWorkflowBusy(grpc(9, 'Workflow execution already completed'))).toBe(false);
    expect(isWorkflowBusy(grpc(14, 'Workflow Task in failed state'))).toBe(false);
    expect(isWorkflowBusy(new Error('Workflow Task in failed state'))).toBe(false);
  });
});
