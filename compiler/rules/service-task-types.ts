/**
 * CONTRACT §3: a service task whose type no worker of ours serves is rejected at
 * deployment, naming the element and the types there are, instead of failing at run
 * time. Checked when the deploying API passes the registry's types.
 */
import type { ProcessModel } from '../model.js';
import type { ProblemReport } from '../problems.js';
import type { ServiceTaskSignatures } from './deployment-rule.js';

export function checkServiceTaskTypes(process: ProcessModel, signatures: ServiceTaskSignatures, report: ProblemReport): void {
  const known = [...signatures.keys()].sort();
  for (const element of Object.values(process.elements)) {
    const job = 'job' in element ? element.job : null;
    // A FEEL type is known only per job: the engine opens an incident naming it if no worker serves it.
    if (!job || job.taskTypeExpression !== undefined || signatures.has(job.taskType)) continue;
    report.error(element.id, `No service-task type "${job.taskType}" is registered; the known types are: ${known.join(', ')}.`);
  }
}
