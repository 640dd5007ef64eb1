/**
 * Event readers: start (BPMN 2.0 §10.5.2), end (§10.5.3), intermediate catch/throw
 * and boundary (§10.5.4), restricted to what CONTRACT §3 lists.
 */
import type {
  BoundaryEventElement,
  EndEventElement,
  IntermediateCatchEventElement,
  IntermediateThrowEventElement,
  JsonValue,
  MessageThrowEventElement,
  StartEventElement,
} from '../model.js';
import { formFieldKeys } from '../form-fields.js';
import { child, children, extension, text, trimmedText, type ModdleNode } from '../moddle-node.js';
import type { ElementReader } from './context.js';
import { readEventDefinition } from './event-definitions.js';
import { readJob } from './extensions.js';

/**
 * Top-level starts may wait for a message, a timer or a signal; a sub-process starts
 * only by its token; an event sub-process's start is its trigger (BPMN 2.0 §10.3.5).
 */
export const readStartEvent: ElementReader = (node, base, context) => {
  const topLevel = base.parentId === context.processId;
  if (context.outline.get(base.parentId)?.triggeredByEvent) return readEventSubProcessStart(node, base, context);
  const event = readEventDefinition(
    node,
    {
      position: topLevel ? 'start event' : 'start event inside a sub-process',
      allowed: topLevel ? ['none', 'message', 'timer', 'signal'] : ['none'],
      needsCorrelationKey: false,
      timerKinds: ['date', 'cycle'],
    },
    context.report,
  );
  if (!event) return null;
  return { ...base, kind: 'startEvent', event, declaredVariables: readStartVariables(node, context) } satisfies StartEventElement;
};

/** Camunda 8 event sub-process starts: message (with a correlation key), timer, error, signal, escalation. */
const readEventSubProcessStart: ElementReader = (node, base, context) => {
  const interrupting = node.isInterrupting !== false;
  const event = readEventDefinition(
    node,
    {
      position: 'event sub-process start event',
      allowed: ['message', 'timer', 'error', 'signal', 'escalation'],
      needsCorrelationKey: true,
      timerKinds: interrupting ? ['duration', 'date'] : ['duration', 'date', 'cycle'],
    },
    context.report,
  );
  if (!event) return null;
  if (event.type === 'error' && !interrupting) {
    context.report.error(base.id, 'An error start event always interrupts its scope; non-interrupting is not allowed.');
    return null;
  }
  return { ...base, kind: 'startEvent', event, interrupting } satisfies StartEventElement;
};

const EMBEDDED_FORM_KEY = 'camunda-forms:bpmn:';

/** The start form's field keys and any `zeebe:property name="startVariables"` (comma-separated). */
function readStartVariables(node: ModdleNode, context: Parameters<ElementReader>[2]): string[] {
  const declared: string[] = [];
  for (const property of children(extension(node, 'zeebe:Properties') ?? node, 'properties')) {
    if (text(property, 'name') === 'startVariables') declared.push(...(text(property, 'value') ?? '').split(',').map((name) => name.trim()).filter(Boolean));
  }
  const formKey = trimmedText(extension(node, 'zeebe:FormDefinition') ?? node, 'formKey');
  const body = formKey?.startsWith(EMBEDDED_FORM_KEY) ? context.embeddedForms.get(formKey.slice(EMBEDDED_FORM_KEY.length)) : undefined;
  if (body !== undefined) {
    try {
      declared.push(...formFieldKeys(JSON.parse(body) as JsonValue));
    } catch {
      // an unreadable form is reported where forms are read; nothing to declare from it
    }
  }
  return [...new Set(declared)];
}

export const readEndEvent: ElementReader = (node, base, context) => {
  const event = readEventDefinition(
    node,
    { position: 'end event', allowed: ['none', 'terminate', 'error', 'message', 'signal', 'escalation'], needsCorrelationKey: false, timerKinds: [], messageSentByJob: true },
    context.report,
  );
  if (!event) return null;
  // Camunda 8 publishes an end message through a job worker, like a send task.
  const job = event.type === 'message' ? readJob(node, base.id, context.report) : null;
  if (event.type === 'message' && !job) {
    context.report.error(base.id, 'A message end event needs a task type (zeebe:taskDefinition type) for the worker that sends it.');
  }
  return { ...base, kind: 'endEvent', event, job } satisfies EndEventElement;
};

export const readIntermediateCatchEvent: ElementReader = (node, base, context) => {
  const event = readEventDefinition(
    node,
    { position: 'intermediate catch event', allowed: ['message', 'timer', 'signal', 'link'], needsCorrelationKey: true, timerKinds: ['duration', 'date'] },
    context.report,
  );
  if (!event) return null;
  return { ...base, kind: 'intermediateCatchEvent', event } satisfies IntermediateCatchEventElement;
};

/** None (a milestone), signal, escalation and link throw events, and the message throw event that a job sends (Camunda 8). */
export const readIntermediateThrowEvent: ElementReader = (node, base, context) => {
  const event = readEventDefinition(
    node,
    { position: 'intermediate throw event', allowed: ['none', 'signal', 'escalation', 'link', 'message'], needsCorrelationKey: false, timerKinds: [], messageSentByJob: true },
    context.report,
  );
  if (!event) return null;
  if (event.type === 'message') {
    const job = readJob(node, base.id, context.report);
    if (!job) {
      context.report.error(base.id, 'A message throw event needs a task type (zeebe:taskDefinition type) for the worker that sends it.');
      return null;
    }
    return { ...base, kind: 'messageThrowEvent', event, job } satisfies MessageThrowEventElement;
  }
  return { ...base, kind: 'intermediateThrowEvent', event } satisfies IntermediateThrowEventElement;
};

export const readBoundaryEvent: ElementReader = (node, base, context) => {
  const { report } = context;
  const cancelActivity = node.cancelActivity !== false;
  const event = readEventDefinition(
    node,
    {
      position: 'boundary event',
      allowed: ['timer', 'message', 'error', 'signal', 'escalation'],
      needsCorrelationKey: true,
      // A repeating timer only makes sense if the host survives it firing.
      timerKinds: cancelActivity ? ['duration', 'date'] : ['duration', 'date', 'cycle'],
    },
    report,
  );
  const host = child(node, 'attachedToRef');
  const attachedToRef = host ? text(host, 'id') : null;
  if (!attachedToRef) report.error(base.id, 'The boundary event is not attached to an activity.');
  if (event?.type === 'error' && !cancelActivity) {
    report.error(base.id, 'An error boundary event always interrupts its activity; non-interrupting is not allowed.');
  }
  if (!event || !attachedToRef) return null;
  return { ...base, kind: 'boundaryEvent', attachedToRef, cancelActivity, event } satisfies BoundaryEventElement;
};
