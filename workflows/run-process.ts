import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/common';
import { evaluate } from 'feelin';
import type { Activities } from '../activities/index.js';
import type { IoMapping } from '../compiler/model.js';
import type { ProcessStart } from './process-start.js';

const { recordInstanceSummary } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * Runs one process instance. For now a straight path (start, service tasks, end):
 * the token interpreter in engine/ replaces this body.
 */
export async function runProcess(start: ProcessStart): Promise<Record<string, unknown>> {
  const instanceId = workflowInfo().workflowId;
  const { model } = start;
  let variables = { ...start.variables };
  const completedElements: string[] = [];
  const summary = (status: 'running' | 'completed', activeElements: string[]) =>
    recordInstanceSummary({
      instanceId,
      processKey: start.processKey,
      version: start.version,
      businessKey: start.businessKey,
      status,
      variables,
      activeElements,
      completedElements,
      ended: status === 'completed',
    });

  let elementId = model.startEventIds[0];
  await summary('running', elementId ? [elementId] : []);
  while (elementId) {
    const element = model.elements[elementId]!;
    if (element.kind === 'serviceTask' || element.kind === 'sendTask') {
      const { runServiceTask } = proxyActivities<Activities>({
        startToCloseTimeout: '1 minute',
        retry: { maximumAttempts: element.job.retries, initialInterval: '1 second' },
      });
      const { resultVariable, result } = await runServiceTask({
        instanceId,
        elementId,
        loopCounter: 0,
        taskType: element.job.taskType,
        variables: { ...variables, ...inputsOf(element.ioMapping, variables) },
        headers: element.job.headers,
      });
      variables = { ...variables, [resultVariable]: result };
    } else if (!['startEvent', 'endEvent', 'task'].includes(element.kind)) {
      throw ApplicationFailure.nonRetryable(`${element.kind} ${elementId} is not supported yet`, 'UnsupportedElement');
    }
    completedElements.push(elementId);
    const next = element.outgoing[0];
    elementId = next ? model.flows[next]!.targetRef : undefined;
  }
  await summary('completed', []);
  return variables;
}

/** `zeebe:ioMapping` inputs: literals as written, FEEL evaluated against the variables. */
function inputsOf(mapping: IoMapping, variables: Record<string, unknown>): Record<string, unknown> {
  const local: Record<string, unknown> = {};
  for (const { source, target } of mapping.inputs) {
    local[target] = source.kind === 'literal' ? source.value : evaluate(source.source, { ...variables, ...local }).value;
  }
  return local;
}
