/**
 * Every element must be reachable (BPMN 2.0 §10.2: a token enters a flow node through
 * its incoming sequence flows, or at a start event). Walks from the start events of
 * the process; entering a sub-process enters its start events; a boundary event is
 * reachable when its host is. Rejected elements still pass tokens here, so that one
 * unsupported element does not make everything after it "unreachable" too.
 */
import type { ProcessRule } from './process-rule.js';

export const checkReachability: ProcessRule = (process, outline, report) => {
  const next = new Map<string, string[]>();
  const link = (from: string, to: string): void => {
    const targets = next.get(from) ?? [];
    targets.push(to);
    next.set(from, targets);
  };
  for (const flow of Object.values(process.flows)) link(flow.sourceRef, flow.targetRef);
  for (const [id, node] of outline) {
    if (node.attachedToRef) link(node.attachedToRef, id);
    if (node.bpmnType === 'bpmn:StartEvent' && node.parentId !== process.id) link(node.parentId, id);
    if (node.triggeredByEvent) link(node.parentId, id); // an event sub-process is armed with its scope
  }
  for (const element of Object.values(process.elements)) {
    if (element.kind === 'intermediateThrowEvent' && element.event.type === 'link' && element.event.targetId) link(element.id, element.event.targetId);
  }

  const reached = new Set<string>();
  const pending = [...outline.entries()]
    .filter(([, node]) => (node.bpmnType === 'bpmn:StartEvent' || node.triggeredByEvent) && node.parentId === process.id)
    .map(([id]) => id);
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (reached.has(id)) continue;
    reached.add(id);
    pending.push(...(next.get(id) ?? []));
  }

  // Report each unreachable element whose scope is entered; the contents of an
  // unreachable sub-process, or of a scope without a start event (reported by
  // checkStartEvents), follow from that one problem.
  const scopesWithStart = new Set(
    [...outline.values()].filter((node) => node.bpmnType === 'bpmn:StartEvent').map((node) => node.parentId),
  );
  for (const element of Object.values(process.elements)) {
    if (reached.has(element.id) || !scopesWithStart.has(element.parentId)) continue;
    const scopeEntered = element.parentId === process.id || reached.has(element.parentId);
    if (scopeEntered) report.error(element.id, 'The element cannot be reached from any start event.');
  }
};
