import type { ReceiveTaskElement } from '../model.js';
import { activityFields } from './activity.js';
import type { ElementReader } from './context.js';
import { readMessage } from './event-definitions.js';

/** BPMN 2.0 §10.3.3 receive task: the message it waits for (`messageRef`, with its correlation key). */
export const readReceiveTask: ElementReader = (node, base, context) => {
  const activity = activityFields(node, base, context);
  if (node.instantiate === true) {
    context.report.error(base.id, 'A receive task that instantiates the process is not supported; use a message start event.');
    return null;
  }
  const event = readMessage(node, base.id, { position: 'receive task', allowed: ['message'], needsCorrelationKey: true, timerKinds: [] }, context.report);
  if (!event || event.type !== 'message') return null;
  return { ...activity, kind: 'receiveTask', event } satisfies ReceiveTaskElement;
};
