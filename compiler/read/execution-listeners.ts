/**
 * `zeebe:executionListeners` (Camunda 8.6+): jobs run when an activity starts or ends.
 * Read on activities; on events, gateways and the process they are rejected with the
 * element's id (rules in read-process.ts), never ignored.
 */
import type { ExecutionListener } from '../model.js';
import { child, children, extension, trimmedText, type ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';
import { jobOf } from './extensions.js';

export function readExecutionListeners(node: ModdleNode, elementId: string, report: ProblemReport): ExecutionListener[] {
  const container = extension(node, 'zeebe:ExecutionListeners');
  if (!container) return [];
  const listeners: ExecutionListener[] = [];
  for (const listener of children(container, 'listeners')) {
    const eventType = trimmedText(listener, 'eventType') ?? 'start';
    if (eventType !== 'start' && eventType !== 'end') {
      report.error(elementId, `An execution listener for "${eventType}" is not supported; use start or end.`);
      continue;
    }
    const job = jobOf(listener, child(listener, 'headers'), elementId, report);
    if (!job) {
      report.error(elementId, `A ${eventType} execution listener has no type: set the job type the listener runs.`);
      continue;
    }
    listeners.push({ eventType, job });
  }
  return listeners;
}
