/**
 * CONTRACT §3: a service task whose type no worker of ours serves is rejected at
 * deployment, naming the element and the types there are, instead of failing at run
 * time. Execution listener jobs are held to the same rule (on the process too).
 * Checked when the deploying API passes the registry's types.
 */
import type { JobDefinition, ProcessModel } from '../model.js';
import type { ProblemReport } from '../problems.js';
import type { ServiceTaskSignatures } from './deployment-rule.js';

export function checkServiceTaskTypes(process: ProcessModel, signatures: ServiceTaskSignatures, report: ProblemReport): void {
  const known = [...signatures.keys()].sort();
  // A FEEL type is known only per job: the engine opens an incident naming it if no worker serves it.
  const unknown = (job: JobDefinition | null) => job !== null && job.taskTypeExpression === undefined && !signatures.has(job.taskType);
  for (const element of Object.values(process.elements)) {
    const job = 'job' in element ? element.job : null;
    if (unknown(job)) report.error(element.id, `No service-task type "${job!.taskType}" is registered; the known types are: ${known.join(', ')}.`);
    checkListeners(element.id, element.executionListeners, unknown, known, report);
  }
  checkListeners(process.id, process.executionListeners, unknown, known, report);
}

function checkListeners(
  elementId: string,
  listeners: ProcessModel['executionListeners'],
  unknown: (job: JobDefinition) => boolean,
  known: readonly string[],
  report: ProblemReport,
): void {
  for (const { eventType, job } of listeners ?? []) {
    if (unknown(job)) report.error(elementId, `No service-task type "${job.taskType}" is registered for the ${eventType} execution listener; the known types are: ${known.join(', ')}.`);
  }
}
