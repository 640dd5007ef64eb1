import { notifySend } from './service-tasks/notify.send.js';
import type { ServiceTaskType } from './service-tasks/types.js';

/**
 * Every service-task type the engine can run, by `zeebe:taskDefinition type`.
 * A new type is one file in service-tasks/ plus one line here.
 */
export const serviceTaskTypes: ReadonlyMap<string, ServiceTaskType<never>> = new Map(
  [notifySend].map((taskType) => [taskType.type, taskType as ServiceTaskType<never>]),
);
