import type { IntermediateCatchEventElement } from '../../../compiler/model.js';
import { awaitCatchEvent } from '../shared/catch-events.js';
import { messageVariables } from '../shared/message-variables.js';
import type { FlowNodeBehaviour } from '../types.js';
import { readScope } from '../shared/element-scope.js';

/**
 * BPMN 2.0 §10.5.4 intermediate catch event: the token waits for the timer or the
 * message; message variables are merged into the scope (Camunda 8 propagation), or
 * only its output mappings when it has any. A signal waits for its broadcast; a link
 * catch is where its link throw event's token goes on.
 */
export const IntermediateCatchEvent: FlowNodeBehaviour<IntermediateCatchEventElement> = {
  role: 'flowNode',
  async run(element, token) {
    const { instance, flowScope } = token;
    if (element.event.type === 'link') return { flows: element.outgoing, record: element.id };
    const cancellation = instance.ports.createScope(flowScope.cancellation);
    const variables = await cancellation.run(() => awaitCatchEvent(instance, element, readScope(token), cancellation));
    flowScope.variables.setAll(messageVariables(instance, element, variables, readScope(token)));
    return { flows: element.outgoing, record: element.id };
  },
};
