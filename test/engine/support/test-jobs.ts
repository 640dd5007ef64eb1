/** Service-task types used by the engine and workflow tests, as plain functions. */
import type { JobRequest, JobResult } from '../../../engine/index.js';

export type TestJobOutcome = JobResult | { bpmnError: string } | { failure: string };

export function runTestJob(request: Pick<JobRequest, 'elementId' | 'loopCounter' | 'taskType' | 'variables'>): TestJobOutcome {
  const { variables } = request;
  switch (request.taskType) {
    case 'test.echo': {
      const echoed: Record<string, unknown> = { elementId: request.elementId };
      for (const name of ['title', 'amount', 'clientId']) if (name in variables) echoed[name] = variables[name];
      return { resultVariable: 'echo', result: echoed };
    }
    case 'test.double':
      return { resultVariable: 'result', result: Number(variables.item) * 2 };
    case 'test.reserve':
      return Number(variables.stock) < Number(variables.qty)
        ? { bpmnError: 'OUT_OF_STOCK' }
        : { resultVariable: 'reservation', result: { qty: variables.qty } };
    case 'test.tick':
      return { resultVariable: 'tick', result: request.loopCounter };
    case 'test.flaky':
      return variables.fixed === true ? { resultVariable: 'flaky', result: 'ok' } : { failure: 'the service is down' };
    // Execution listener fixtures: a timer chosen by a start listener, what later jobs saw of it.
    case 'test.pickDelay':
      return { resultVariable: 'delay', result: 'PT1S' };
    case 'test.seeDelay':
      return { resultVariable: 'waited', result: variables.delay ?? null };
    case 'test.seeSubject':
      return { resultVariable: 'seen', result: variables.subject ?? null };
    // A lookup that answers nothing the first time its element runs it (counter -1), then a job type.
    case 'test.lookupChannel':
      return { resultVariable: 'channel', result: request.loopCounter === -1 ? null : 'test.echo' };
    default:
      return { failure: `unknown test job ${request.taskType}` };
  }
}
