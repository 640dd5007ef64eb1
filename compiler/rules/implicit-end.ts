/**
 * Implicit end (BPMN 2.0 §10.5.3): a flow node without outgoing flows ends its token
 * there. Legal, and Camunda runs it, but usually a forgotten connection: warned.
 */
import type { ProcessRule } from './process-rule.js';

export const checkImplicitEnds: ProcessRule = (process, _outline, report) => {
  for (const element of Object.values(process.elements)) {
    if (element.kind === 'endEvent' || element.outgoing.length > 0) continue;
    // An event sub-process ends its own way; a link throw goes on at its link catch.
    if (element.kind === 'subProcess' && element.triggeredByEvent) continue;
    if (element.kind === 'intermediateThrowEvent' && element.event.type === 'link') continue;
    report.warning(element.id, 'Nothing follows this element: its path ends here without an end event.');
  }
};
