/**
 * Sequence flow wiring (BPMN 2.0 §10.2 Sequence Flow, §10.5 Events): every flow joins
 * two flow nodes of the same scope; start and boundary events have no incoming flows;
 * end events have no outgoing flows; boundary events sit on an activity of their scope.
 */
import { ACTIVITY_KINDS } from '../model.js';
import type { ProcessRule } from './process-rule.js';

export const checkFlowReferences: ProcessRule = (process, outline, report) => {
  for (const flow of Object.values(process.flows)) {
    // moddle already reported a reference to an id that does not exist.
    if (report.hasErrorFor(flow.id)) continue;
    const ends = [
      ['source', flow.sourceRef],
      ['target', flow.targetRef],
    ] as const;
    let wired = true;
    for (const [end, ref] of ends) {
      if (!ref) {
        report.error(flow.id, `The sequence flow has no ${end}.`);
        wired = false;
      } else if (!outline.has(ref)) {
        report.error(flow.id, `The sequence flow's ${end} "${ref}" is not a flow node of this process.`);
        wired = false;
      }
    }
    const source = outline.get(flow.sourceRef);
    const target = outline.get(flow.targetRef);
    if (wired && source && target && source.parentId !== target.parentId) {
      report.error(flow.id, 'The sequence flow crosses a sub-process border; connect to the sub-process itself.');
    }
  }

  for (const element of Object.values(process.elements)) {
    if ((element.kind === 'startEvent' || element.kind === 'boundaryEvent') && element.incoming.length > 0) {
      report.error(element.id, `A ${element.kind === 'startEvent' ? 'start' : 'boundary'} event cannot have incoming sequence flows.`);
    }
    if (element.kind === 'endEvent' && element.outgoing.length > 0) {
      report.error(element.id, 'An end event cannot have outgoing sequence flows.');
    }
    if (element.kind !== 'boundaryEvent') continue;
    const host = outline.get(element.attachedToRef);
    const hostElement = process.elements[element.attachedToRef];
    if (!host) {
      if (!report.hasErrorFor(element.id)) report.error(element.id, `The boundary event's host "${element.attachedToRef}" is not in this process.`);
    } else if (hostElement && !ACTIVITY_KINDS.includes(hostElement.kind)) {
      report.error(element.id, `A boundary event can only be attached to an activity, not to "${element.attachedToRef}".`);
    } else if (host.parentId !== element.parentId) {
      report.error(element.id, 'The boundary event is not in the same scope as its activity.');
    }
  }
};
