import type { EventBasedGatewayElement, IntermediateCatchEventElement } from '../../../compiler/model.js';
import type { Variables } from '../../ports.js';
import { awaitCatchEvent } from '../shared/catch-events.js';
import { messageVariables } from '../shared/message-variables.js';
import { readScope } from '../shared/element-scope.js';
import type { FlowNodeBehaviour } from '../types.js';

/**
 * BPMN 2.0 §13.3.5 event-based gateway: every following catch event waits at once; the
 * first to happen wins and the others are cancelled. The token goes on after the winner.
 * The catches subscribe in the gateway's scope (its start listeners' results in view); the
 * winner's output mappings run after the gateway has ended, in the flow scope.
 */
export const EventBasedGateway: FlowNodeBehaviour<EventBasedGatewayElement> = {
  role: 'flowNode',
  async run(element, token) {
    const { instance, flowScope } = token;
    const events = element.outgoing.map((flowId) => instance.element(instance.targetOf(flowId)) as IntermediateCatchEventElement);
    const handles = events.map(() => instance.ports.createScope(flowScope.cancellation));
    type Settled = { event: IntermediateCatchEventElement; variables: Variables } | { error: unknown };
    const waits = events.map((event, index) =>
      handles[index]!.run(() => awaitCatchEvent(instance, event, readScope(token), handles[index]!)).then(
        (variables): Settled => ({ event, variables }),
        (error: unknown): Settled => ({ error }), // losers reject once cancelled: never unhandled
      ),
    );
    const settled = await Promise.race(waits);
    if ('error' in settled) throw settled.error;
    const winner = settled;
    for (const handle of handles) handle.cancel();
    // A loser that caught its message in the same step as the winner did not consume it.
    waits.forEach((wait, index) => {
      void wait.then((outcome) => {
        if ('event' in outcome && outcome.event !== winner.event) instance.ports.messageNotConsumed?.(handles[index]!);
      });
    });
    instance.complete(element.id);
    flowScope.variables.setAll(messageVariables(instance, winner.event, winner.variables, flowScope.variables));
    return { flows: winner.event.outgoing, record: winner.event.id };
  },
};
