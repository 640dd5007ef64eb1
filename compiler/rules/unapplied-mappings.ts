/**
 * CONTRACT §3: nothing in a diagram is ignored at run time. `zeebe:ioMapping` runs on
 * activities (inputs and outputs), on catch events (outputs: message, timer and signal
 * catch events, message and signal boundary events, event sub-process message and signal
 * starts) and on signal throw events (inputs: what the signal carries); where the engine does not apply it yet, the
 * deployment says so instead of running the diagram without it.
 */
import type { FlowElement } from '../model.js';
import type { ProcessRule } from './process-rule.js';

function appliedMappings(element: FlowElement): { inputs: boolean; outputs: boolean } {
  if ('boundaryEventIds' in element) return { inputs: true, outputs: true };
  if (element.kind === 'intermediateCatchEvent') return { inputs: false, outputs: true };
  if (element.kind === 'boundaryEvent') return { inputs: false, outputs: element.event.type === 'message' || element.event.type === 'signal' };
  // A signal thrown carries its input mappings' result (engine/behaviours/shared/signals.ts).
  if (element.kind === 'intermediateThrowEvent' || element.kind === 'endEvent') return { inputs: element.event.type === 'signal', outputs: false };
  // An event sub-process's message or signal start maps what it received (EventSubProcess.ts).
  if (element.kind === 'startEvent' && element.interrupting !== undefined) return { inputs: false, outputs: element.event.type === 'message' || element.event.type === 'signal' };
  return { inputs: false, outputs: false };
}

export const checkUnappliedMappings: ProcessRule = (process, _outline, report) => {
  for (const element of Object.values(process.elements)) {
    const applied = appliedMappings(element);
    const name = element.kind === 'boundaryEvent' ? `${element.event.type} boundary event` : element.kind.replace(/([A-Z])/g, ' $1').toLowerCase();
    const kind = `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
    if (element.ioMapping.inputs.length > 0 && !applied.inputs) report.error(element.id, `Input mappings on ${kind} are not supported yet; move them to the activity that needs the values.`);
    if (element.ioMapping.outputs.length > 0 && !applied.outputs) report.error(element.id, `Output mappings on ${kind} are not supported yet; map the values in the next activity instead.`);
  }
};
