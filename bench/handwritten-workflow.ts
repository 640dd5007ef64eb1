/**
 * The straight-through diagram (bench/straight-through.bpmn) written by hand as a Temporal
 * workflow: the same five `runServiceTask` calls with the same requests and retry policy
 * as the interpreter's jobs, then the exclusive gateway as an if/else. No interpreter, no
 * instance summaries: the reference the engine's overhead is measured against.
 */
import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ProcessStart } from '../workflows/process-start.js';

// Same options as JobPort (workflows/ports/jobs.ts) for `retries="3"`.
const { runServiceTask } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3, initialInterval: '1 second', maximumInterval: '30 seconds' },
});

// Same options as the bookkeeping activities.
const bookkeepingOptions = { startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumInterval: '30 seconds' } } as const;
const { recordInstanceSummary } = proxyActivities<Activities>(bookkeepingOptions);
const local = proxyLocalActivities<Activities>(bookkeepingOptions);

export interface HandwrittenInput {
  variables: Record<string, unknown>;
}

export async function handwrittenStraightThrough({ variables }: HandwrittenInput): Promise<Record<string, unknown>> {
  return straightThrough(variables);
}

async function straightThrough(initial: Record<string, unknown>): Promise<Record<string, unknown>> {
  const instanceId = workflowInfo().workflowId;
  let variables = { ...initial };
  const step = async (elementId: string) => {
    const { resultVariable, result } = await runServiceTask({ instanceId, elementId, loopCounter: 1, taskType: 'bench.step', variables, headers: {} });
    variables = { ...variables, [resultVariable]: result };
  };
  await step('Task_step1');
  await step('Task_step2');
  await step('Task_step3');
  await step('Task_step4');
  await step('Task_step5');
  const amount = Number(variables.amount);
  if (amount > 1000) variables.route = 'high';
  else if (amount > 100) variables.route = 'medium';
  else variables.route = 'low';
  return variables;
}

/** Which bookkeeping a diagnostic run does: what runProcess does today is both, as activities. */
export interface Bookkeeping {
  /** The summary before the first step (the API has already inserted the same 'running' row). */
  initialSummary: boolean;
  /** Summaries as local activities: no activity task, no extra workflow task. */
  localActivities: boolean;
}

/**
 * Diagnostic only: the hand-written steps plus what runProcess adds around them besides
 * interpreting (the whole model as its argument, an instance summary written before and
 * after), so the gap between the two can be split into bookkeeping and interpreter, and
 * cheaper bookkeeping can be measured before anyone changes the engine.
 */
export async function handwrittenWithBookkeeping(
  start: ProcessStart,
  bookkeeping: Bookkeeping = { initialSummary: true, localActivities: false },
): Promise<Record<string, unknown>> {
  const record = bookkeeping.localActivities ? local.recordInstanceSummary : recordInstanceSummary;
  const summary = (status: 'running' | 'completed', variables: Record<string, unknown>, completedElements: string[], ended: boolean) =>
    record({
      instanceId: workflowInfo().workflowId,
      processKey: start.processKey,
      version: start.version,
      businessKey: start.businessKey,
      status,
      variables,
      activeElements: [],
      completedElements,
      incident: null,
      ended,
    });
  if (bookkeeping.initialSummary) await summary('running', start.variables, [], false);
  const variables = await straightThrough(start.variables);
  await summary('completed', variables, ['Start', 'Task_step1', 'Task_step2', 'Task_step3', 'Task_step4', 'Task_step5', 'Gateway_route', 'End'], true);
  return variables;
}
