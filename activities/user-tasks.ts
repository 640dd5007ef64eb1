import type { JsonValue, UserTaskForm } from '../compiler/model.js';
import type { Pool } from '../stores/db.js';

export interface OpenUserTaskRequest {
  /** Proposed id (deterministic in the workflow); an existing row keeps its own. */
  taskId: string;
  instanceId: string;
  elementId: string;
  loopCounter: number;
  name: string | null;
  processKey: string;
  businessKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueAt: string | null;
  followUpAt: string | null;
  priority: number | null;
  form: UserTaskForm | null;
  variables: Record<string, unknown>;
}

/** The form as the inbox shows it: the embedded form-js schema, or a reference to one. */
function formJson(form: UserTaskForm | null): JsonValue {
  if (form === null) return null;
  if (form.kind === 'embedded') return form.schema;
  return form as unknown as JsonValue;
}

/**
 * Inbox rows for user tasks. Each write is idempotent, keyed by
 * (instance, element, loop counter): a retried or replayed activity changes nothing.
 */
export function createUserTaskActivities(pool: Pool) {
  return {
    async openUserTask(request: OpenUserTaskRequest): Promise<{ taskId: string }> {
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO bpm.tasks (id, instance_id, element_id, loop_counter, name, process_key, business_key, assignee,
           candidate_groups, candidate_users, due_at, follow_up_at, priority, form, variables)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (instance_id, element_id, loop_counter) DO UPDATE SET instance_id = EXCLUDED.instance_id
         RETURNING id`,
        [
          request.taskId,
          request.instanceId,
          request.elementId,
          request.loopCounter,
          request.name,
          request.processKey,
          request.businessKey,
          request.assignee,
          request.candidateGroups,
          request.candidateUsers,
          request.dueAt,
          request.followUpAt,
          request.priority,
          JSON.stringify(formJson(request.form)),
          JSON.stringify(request.variables),
        ],
      );
      return { taskId: rows[0]!.id };
    },

    async completeUserTask(request: { taskId: string; completedBy: string | null; variables: Record<string, unknown> }): Promise<void> {
      await pool.query(
        `UPDATE bpm.tasks SET state = 'completed', completed_at = COALESCE(completed_at, now()), completed_by = $2,
           variables = variables || $3::jsonb
         WHERE id = $1 AND state <> 'cancelled'`,
        [request.taskId, request.completedBy, JSON.stringify(request.variables)],
      );
    },

    async cancelUserTask(request: { taskId: string }): Promise<void> {
      await pool.query(`UPDATE bpm.tasks SET state = 'cancelled' WHERE id = $1 AND state = 'open'`, [request.taskId]);
    },
  };
}
