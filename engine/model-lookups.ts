/**
 * Questions about a process model that only the model answers: pure functions, shared
 * by the instance and its behaviours, so that no behaviour needs another to find its way.
 */
import type { BoundaryEventElement, FlowElement, ProcessModel, SubProcessElement } from '../compiler/model.js';

export function elementOf(model: ProcessModel, id: string): FlowElement {
  const element = model.elements[id];
  if (!element) throw new Error(`Element ${id} is not in process ${model.id}`);
  return element;
}

export function targetOf(model: ProcessModel, flowId: string): string {
  const flow = model.flows[flowId];
  if (!flow) throw new Error(`Sequence flow ${flowId} is not in process ${model.id}`);
  return flow.targetRef;
}

/** The error boundary event of `element` that catches `code` (one without a code catches all). */
export function errorBoundaryFor(model: ProcessModel, element: FlowElement, code: string): BoundaryEventElement | null {
  if (!('boundaryEventIds' in element)) return null;
  for (const boundaryId of element.boundaryEventIds) {
    const boundary = elementOf(model, boundaryId);
    if (boundary.kind === 'boundaryEvent' && boundary.event.type === 'error') {
      if (boundary.event.errorCode === null || boundary.event.errorCode === code) return boundary;
    }
  }
  return null;
}

/**
 * BPMN 2.0 §10.5.4: is `code` caught on `fromElementId`, by an error event sub-process
 * of its scope, or so on outwards (Zeebe's order: the element's boundary events, then
 * its scope's event sub-processes, then the scope's own boundary events)?
 */
export function errorCaughtAround(model: ProcessModel, fromElementId: string | null, code: string): boolean {
  let id = fromElementId;
  while (id !== null && id !== model.id) {
    const element: FlowElement | undefined = model.elements[id];
    if (!element) break;
    if (errorBoundaryFor(model, element, code)) return true;
    // An error thrown inside an event sub-process goes to the scope around it, not to itself.
    const handlers = eventSubProcessesOf(model, element.parentId).filter((espId) => espId !== id);
    if (eventSubProcessFor(model, handlers, 'error', code)) return true;
    id = element.parentId;
  }
  return false;
}

/** The event sub-processes directly inside a container (the process or a sub-process). */
export function eventSubProcessesOf(model: ProcessModel, containerId: string): readonly string[] {
  if (containerId === model.id) return model.eventSubProcessIds ?? [];
  const container = model.elements[containerId];
  return container?.kind === 'subProcess' ? (container.eventSubProcessIds ?? []) : [];
}

/**
 * Among `eventSubProcessIds`, the one whose error or escalation start catches `code`:
 * one naming the code wins over one that catches every code.
 */
export function eventSubProcessFor(model: ProcessModel, eventSubProcessIds: readonly string[], type: 'error' | 'escalation', code: string): SubProcessElement | null {
  let catchAll: SubProcessElement | null = null;
  for (const id of eventSubProcessIds) {
    const esp = model.elements[id];
    if (esp?.kind !== 'subProcess') continue;
    const start = model.elements[esp.startEventId];
    if (start?.kind !== 'startEvent' || start.event.type !== type) continue;
    const caught = start.event.type === 'error' ? start.event.errorCode : start.event.type === 'escalation' ? start.event.escalationCode : null;
    if (caught === code) return esp;
    if (caught === null) catchAll ??= esp;
  }
  return catchAll;
}

/** The escalation boundary event of `element` that catches `code`: a named code wins over a catch-all. */
export function escalationBoundaryFor(model: ProcessModel, element: FlowElement, code: string): BoundaryEventElement | null {
  if (!('boundaryEventIds' in element)) return null;
  let catchAll: BoundaryEventElement | null = null;
  for (const boundaryId of element.boundaryEventIds) {
    const boundary = elementOf(model, boundaryId);
    if (boundary.kind !== 'boundaryEvent' || boundary.event.type !== 'escalation') continue;
    if (boundary.event.escalationCode === code) return boundary;
    if (boundary.event.escalationCode === null) catchAll ??= boundary;
  }
  return catchAll;
}

/**
 * Can a token standing on `fromId` still arrive at `gatewayId` without passing it
 * (BPMN 2.0 §13.3.3 inclusive join)? Boundary events count as ways out of activities.
 */
export function canReach(model: ProcessModel, fromId: string, gatewayId: string): boolean {
  const seen = new Set<string>([fromId]);
  const queue = [fromId];
  while (queue.length > 0) {
    const element = model.elements[queue.shift()!];
    if (!element) continue;
    const exits = element.outgoing.map((flowId) => targetOf(model, flowId));
    if ('boundaryEventIds' in element) exits.push(...element.boundaryEventIds);
    if (element.kind === 'intermediateThrowEvent' && element.event.type === 'link' && element.event.targetId) exits.push(element.event.targetId);
    for (const next of exits) {
      if (next === gatewayId) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}
