/**
 * Questions about a process model that only the model answers: pure functions, shared
 * by the instance and its behaviours, so that no behaviour needs another to find its way.
 */
import type { BoundaryEventElement, FlowElement, ProcessModel } from '../compiler/model.js';

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

/** BPMN 2.0 §10.5.4: is `code` caught on `fromElementId` or on a sub-process around it? */
export function errorCaughtAround(model: ProcessModel, fromElementId: string | null, code: string): boolean {
  let id = fromElementId;
  while (id !== null && id !== model.id) {
    const element: FlowElement | undefined = model.elements[id];
    if (!element) break;
    if (errorBoundaryFor(model, element, code)) return true;
    id = element.parentId;
  }
  return false;
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
