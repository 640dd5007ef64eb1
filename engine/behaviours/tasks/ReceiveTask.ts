import type { ReceiveTaskElement } from '../../../compiler/model.js';
import { resolveSubscription } from '../shared/event-waits.js';
import type { ActivityBehaviour } from '../types.js';

/**
 * BPMN 2.0 §10.3.3 receive task: waits for its message (Camunda 8: name and correlation
 * key, evaluated when the task is entered). An activity, so boundary events, io mappings
 * and multi-instance apply (activity.ts); the message variables are its result.
 */
export const ReceiveTask: ActivityBehaviour<ReceiveTaskElement> = {
  role: 'activity',
  async execute(element, context) {
    const { instance } = context;
    const subscription = resolveSubscription(instance, element.id, element.event, context.variables);
    await instance.waiting();
    return { variables: await instance.ports.waitForMessage(subscription, context.cancellation) };
  },
};
