/**
 * At deployment, each job learns how the engine runs it (JobDefinition.execution): the
 * task's `executionMode` header (`local` | `activity`) if it has one, else what the
 * service-task registry says of its type, else an activity. The model carries the
 * choice, so a running instance keeps the mode it started with.
 */
import type { JobDefinition, ProcessModel, Problem } from '../compiler/index.js';

export const EXECUTION_MODE_HEADER = 'executionMode';

export interface ExecutionModeSource {
  get(type: string): { execution?: 'activity' | 'local' } | undefined;
}

/** Sets `execution` on every job of `processes` (in place); returns a warning per header it cannot read. */
export function applyExecutionModes(processes: ProcessModel[], registry: ExecutionModeSource): Problem[] {
  const warnings: Problem[] = [];
  for (const model of processes) {
    for (const element of Object.values(model.elements)) {
      const job = 'job' in element ? (element.job as JobDefinition | null) : null;
      if (!job) continue;
      const header = job.headers[EXECUTION_MODE_HEADER];
      if (header !== undefined && header !== 'local' && header !== 'activity') {
        warnings.push({ elementId: element.id, message: `Header ${EXECUTION_MODE_HEADER}="${header}" is neither local nor activity; the registry's mode applies` });
      }
      job.execution = header === 'local' || header === 'activity' ? header : (registry.get(job.taskType)?.execution ?? 'activity');
    }
  }
  return warnings;
}
