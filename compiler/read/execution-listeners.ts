/**
 * `zeebe:executionListeners` (Camunda 8.6+): jobs run when an element or the process
 * starts or ends. Read on every flow node and on the process; the event types Camunda 8
 * refuses on a kind of element (its "supported elements" table) are refused here too,
 * with the element's id and why, never ignored.
 */
import type { ElementKind, ExecutionListener, FlowElement } from '../model.js';
import { child, children, extension, trimmedText, type ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';
import { jobOf } from './extensions.js';

/** What carries the listeners: a flow node, or the process itself. */
export type ListenerHost = FlowElement | 'process';

const GATEWAYS: readonly ElementKind[] = ['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway'];

export function readExecutionListeners(node: ModdleNode, elementId: string, host: ListenerHost, report: ProblemReport): ExecutionListener[] {
  const container = extension(node, 'zeebe:ExecutionListeners');
  if (!container) return [];
  const listeners: ExecutionListener[] = [];
  const seen = new Set<string>();
  for (const listener of children(container, 'listeners')) {
    const eventType = trimmedText(listener, 'eventType') ?? 'start';
    if (eventType !== 'start' && eventType !== 'end') {
      report.error(elementId, `An execution listener for "${eventType}" is not supported; use start or end.`);
      continue;
    }
    const refused = refusal(host, eventType);
    if (refused) {
      report.error(elementId, refused);
      continue;
    }
    const job = jobOf(listener, child(listener, 'headers'), elementId, report);
    if (!job) {
      report.error(elementId, `A ${eventType} execution listener has no type: set the job type the listener runs.`);
      continue;
    }
    // Camunda 8 refuses the same event type and job type twice on one element.
    const key = `${eventType} ${job.taskType}`;
    if (seen.has(key)) {
      report.error(elementId, `Two ${eventType} execution listeners have the type "${job.taskType}"; each event type and job type may appear once.`);
      continue;
    }
    seen.add(key);
    listeners.push({ eventType, job });
  }
  return listeners;
}

/** Why Camunda 8 runs no listener of `eventType` on `host` (null: it does). */
function refusal(host: ListenerHost, eventType: 'start' | 'end'): string | null {
  if (host === 'process') return null;
  if (eventType === 'start' && host.kind === 'startEvent') {
    return 'A start event runs no start execution listeners in Camunda 8 (it has happened once the scope runs): put them on the process or sub-process.';
  }
  if (eventType === 'start' && host.kind === 'boundaryEvent') {
    return 'A boundary event runs no start execution listeners in Camunda 8 (it starts with its activity): put them on the activity it is attached to.';
  }
  if (eventType === 'end' && GATEWAYS.includes(host.kind)) {
    return 'A gateway runs no end execution listeners in Camunda 8 (it leaves as it is entered): make them start listeners of the element after it.';
  }
  if (eventType === 'end' && host.kind === 'endEvent' && host.event.type === 'error') {
    return 'An error end event runs no end execution listeners in Camunda 8 (the error ends it at once): put them on the event that catches the error.';
  }
  return null;
}
