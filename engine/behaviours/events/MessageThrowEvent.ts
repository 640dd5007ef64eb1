import type { MessageThrowEventElement } from '../../../compiler/model.js';
import { runJobUntilDone } from '../shared/jobs.js';
import type { FlowNodeBehaviour } from '../types.js';
import { readScope } from '../shared/element-scope.js';

/**
 * BPMN 2.0 §10.5.4 intermediate message throw event, as Camunda 8 runs it: a job of its
 * `zeebe:taskDefinition type` sends the message (like a send task); its result is merged
 * and the token passes on.
 */
export const MessageThrowEvent: FlowNodeBehaviour<MessageThrowEventElement> = {
  role: 'flowNode',
  async run(element, token) {
    const { instance, flowScope } = token;
    const cancellation = instance.ports.createScope(flowScope.cancellation);
    const variables = readScope(token).child();
    const executionCounter = instance.nextExecution(element.id);
    const result = await cancellation.run(() => runJobUntilDone(instance, element.id, element.job, variables, executionCounter, cancellation));
    flowScope.variables.setAll(result);
    return { flows: element.outgoing, record: element.id };
  },
};
