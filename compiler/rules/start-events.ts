/**
 * Start events (BPMN 2.0 §10.5.2, §10.3.5): a process needs at least one start event;
 * each process and embedded sub-process may have at most one none start event (two
 * would make "start it" ambiguous), and a sub-process needs exactly one.
 */
import type { ProcessRule } from './process-rule.js';

export const checkStartEvents: ProcessRule = (process, outline, report) => {
  const startsWritten = [...outline.entries()].filter(([, node]) => node.bpmnType === 'bpmn:StartEvent');
  if (!startsWritten.some(([, node]) => node.parentId === process.id)) {
    report.error(process.id, 'The process has no start event.');
  }

  const noneStartsByContainer = new Map<string, string[]>();
  for (const element of Object.values(process.elements)) {
    if (element.kind !== 'startEvent' || element.event.type !== 'none') continue;
    const starts = noneStartsByContainer.get(element.parentId) ?? [];
    starts.push(element.id);
    noneStartsByContainer.set(element.parentId, starts);
  }
  for (const [containerId, starts] of noneStartsByContainer) {
    for (const extra of starts.slice(1)) {
      report.error(extra, `"${containerId}" has more than one none start event ("${starts[0]}" and "${extra}"); keep one.`);
    }
  }

  for (const element of Object.values(process.elements)) {
    if (element.kind !== 'subProcess') continue;
    // A start event inside that was rejected for its own reasons is already reported.
    const hasStartWritten = startsWritten.some(([, node]) => node.parentId === element.id);
    if (!element.startEventId && !hasStartWritten) {
      report.error(element.id, 'The sub-process has no start event; add a none start event inside it.');
    }
  }
};
