import type { EndEventElement } from '../../../compiler/model.js';
import { BpmnErrorSignal } from '../../ports.js';
import { hasListeners, runExecutionListeners } from '../shared/execution-listeners.js';
import { runJobUntilDone } from '../shared/jobs.js';
import { throwEscalation } from '../shared/escalations.js';
import { throwSignal } from '../shared/signals.js';
import type { FlowNodeBehaviour } from '../types.js';
import { readScope } from '../shared/element-scope.js';

/**
 * BPMN 2.0 §10.5.3 end event. None: the token ends (the scope completes with its last
 * token). Terminate: ends the enclosing scope at once (Camunda 8: the sub-process, or
 * the process at top level). Error: throws to the nearest error boundary event; with
 * none, an incident (or, in a called process, the caller gets the error). Message: a job,
 * like a send task. Signal: broadcast, then the token ends. Escalation: thrown to the
 * nearest catch around it (nothing happens when none catches it, as in Camunda 8).
 */
export const EndEvent: FlowNodeBehaviour<EndEventElement> = {
  role: 'flowNode',
  async run(element, token) {
    const { instance, flowScope } = token;
    switch (element.event.type) {
      case 'terminate':
        // Camunda 8 completes the terminate end event (its end listeners) before it ends the scope.
        if (hasListeners(element.executionListeners, 'end')) {
          const scopes = { element: readScope(token), parent: flowScope.variables };
          await runExecutionListeners(instance, element.id, element.executionListeners!, 'end', scopes, flowScope.cancellation);
        }
        instance.complete(element.id);
        flowScope.terminate();
        return { flows: [], record: null, skipEndListeners: true };
      case 'error': {
        const code = element.event.errorCode ?? '';
        const cancellation = instance.ports.createScope(flowScope.cancellation);
        while (!instance.canCatchError(element.id, code)) {
          await instance.incident(element.id, `No error boundary event catches error '${code}'`, cancellation);
        }
        instance.complete(element.id);
        throw new BpmnErrorSignal(code, `Error end event ${element.id} threw '${code}'`);
      }
      case 'signal':
        await throwSignal(element.id, element.event, token);
        return { flows: [], record: element.id };
      case 'escalation': {
        const interrupted = await throwEscalation(element.event.escalationCode ?? '', token);
        return interrupted ? { flows: [], record: element.id, skipEndListeners: true } : { flows: [], record: element.id };
      }
      case 'message':
        if (element.job) {
          const cancellation = instance.ports.createScope(flowScope.cancellation);
          const variables = readScope(token).child();
          const executionCounter = instance.nextExecution(element.id);
          const result = await cancellation.run(() => runJobUntilDone(instance, element.id, element.job!, variables, executionCounter, cancellation));
          flowScope.variables.setAll(result);
        }
        return { flows: [], record: element.id };
      default:
        return { flows: [], record: element.id };
    }
  },
};
