import type { IntermediateThrowEventElement } from '../../../compiler/model.js';
import { throwEscalation } from '../shared/escalations.js';
import { throwSignal } from '../shared/signals.js';
import type { FlowNodeBehaviour } from '../types.js';

/**
 * BPMN 2.0 §10.5.4 intermediate throw event. None: a milestone, the token passes on.
 * Signal: broadcast, then on. Escalation: the nearest catch around it (a boundary
 * event of an enclosing sub-process, an escalation event sub-process) handles it; when
 * that catch interrupts, the token ends with its scope; uncaught, it just goes on (as
 * in Camunda 8: an escalation is no incident). Link: the token jumps to the link catch
 * event of the same name.
 */
export const IntermediateThrowEvent: FlowNodeBehaviour<IntermediateThrowEventElement> = {
  role: 'flowNode',
  async run(element, token) {
    const { event } = element;
    switch (event.type) {
      case 'signal':
        await throwSignal(element.id, event, token);
        break;
      case 'escalation':
        if (await throwEscalation(event.escalationCode ?? '', token)) return { flows: [], record: element.id, skipEndListeners: true };
        break;
      case 'link':
        return { flows: [], record: element.id, jumpTo: event.targetId };
      default:
        break;
    }
    return { flows: element.outgoing, record: element.id };
  },
};
