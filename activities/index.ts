import type { Pool } from '../stores/db.js';
import { createRecordInstanceSummary } from './instance-summary.js';
import { createMessageActivities } from './messages.js';
import { createProcessModelActivities } from './process-models.js';
import { createUserTaskActivities } from './user-tasks.js';
import { createRunServiceTask } from './run-service-task.js';
import { createSignalActivities } from './signals.js';

export interface ActivityDeps {
  pool: Pool;
}

/** The activities the worker registers; workflows import this type only. */
export function createActivities({ pool }: ActivityDeps) {
  return {
    runServiceTask: createRunServiceTask(pool),
    recordInstanceSummary: createRecordInstanceSummary(pool),
    ...createUserTaskActivities(pool),
    ...createMessageActivities(pool),
    ...createProcessModelActivities(pool),
    ...createSignalActivities(pool),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ServiceTaskRequest, ServiceTaskResult } from './run-service-task.js';
export type { InstanceSummary } from './instance-summary.js';
