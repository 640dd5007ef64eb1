import type { JsonValue, UserTaskForm } from '../compiler/model.js';
import { findForm } from '../stores/bpm/forms.js';
import { recordBreach } from '../stores/bpm/sla.js';
import { cancelTaskRow, completeTaskRow, createTask, type NewTask } from '../stores/bpm/tasks.js';
import type { Pool } from '../stores/db.js';
import { recordInstanceSummary, type InstanceSummary } from '../stores/bpm/instances.js';

/** The inbox row the workflow asks for (stores/bpm/tasks.ts NewTask), as it sends it. */
export interface OpenUserTaskRequest extends Omit<NewTask, 'instructions' | 'form'> {
  /** bpmn:documentation; absent in requests recorded before instructions existed. */
  instructions?: string | null;
  form: UserTaskForm | null;
  /** Where the instance stands as the task opens (workflows/ports/summaries.ts `ride`): written first. */
  summary?: InstanceSummary;
}

/**
 * The form as the inbox shows it: the form-js schema, embedded in the diagram or a
 * linked form (`formId`, a deployed `.form` file) in the version its binding means,
 * fixed when the task opens; else the reference itself (an external form, or a linked
 * form not deployed yet, which the deployment warned of).
 */
async function formJson(pool: Pool, form: UserTaskForm | null): Promise<JsonValue> {
  if (form === null) return null;
  if (form.kind === 'embedded') return form.schema;
  if (form.kind === 'formId') {
    const deployed = await findForm(pool, form.formId, form.binding);
    if (deployed) return deployed.schema as JsonValue;
  }
  return form as unknown as JsonValue;
}

/**
 * Inbox rows and SLA breaches for user tasks: thin adapters over stores/bpm. Each write
 * is idempotent, keyed by (instance, element, loop counter) or the task id: a retried or
 * replayed activity changes nothing and appends no second event.
 */
export function createUserTaskActivities(pool: Pool) {
  return {
    async openUserTask({ summary, ...request }: OpenUserTaskRequest): Promise<{ taskId: string }> {
      if (summary) await recordInstanceSummary(pool, summary);
      return createTask(pool, { ...request, instructions: request.instructions ?? null, form: await formJson(pool, request.form) });
    },

    async completeUserTask(request: { taskId: string; completedBy: string | null; variables: Record<string, unknown> }): Promise<void> {
      await completeTaskRow(pool, request);
    },

    async cancelUserTask(request: { taskId: string }): Promise<void> {
      await cancelTaskRow(pool, request.taskId);
    },

    /** Called by the task's own deadline timer (DESIGN decision 8), never by a poller. */
    async recordSlaBreach(request: { taskId: string; breachedAt?: string }): Promise<{ breached: boolean }> {
      return recordBreach(pool, request.taskId, request.breachedAt);
    },
  };
}
