/**
 * What the production-shape tests count after a fault: each case of the durability
 * diagram (test/durability/Durability.user-task-and-timer.bpmn) sends two notifications and
 * opens one review task, so anything missing is lost and anything beyond is duplicated.
 */
import type { Pool } from '../../stores/db.js';
import { eventually } from '../support/process-runner.js';

export interface Effects {
  notifications: { rows: number; distinct: number };
  tasks: { rows: number; completed: number; instances: number };
  lost: number;
  duplicated: number;
}

export async function untilAllCompleted(pool: Pool, instanceIds: string[], what: string): Promise<void> {
  await eventually(async () => {
    const { rows } = await pool.query<{ done: number }>(`SELECT count(*)::int AS done FROM bpm.process_instances WHERE instance_id = ANY($1) AND status = 'completed'`, [instanceIds]);
    return rows[0]!.done === instanceIds.length ? true : undefined;
  }, what, 180_000);
}

export async function countEffects(pool: Pool, instanceIds: string[]): Promise<Effects> {
  const { rows: [notifications] } = await pool.query<Effects['notifications']>(
    // the key is UNIQUE in the table: a duplicate would be a second row for the same step's subject
    `SELECT count(*)::int AS rows, count(DISTINCT (instance_id, subject))::int AS distinct FROM bpm.notifications WHERE instance_id = ANY($1)`,
    [instanceIds],
  );
  const { rows: [tasks] } = await pool.query<Effects['tasks']>(
    `SELECT count(*)::int AS rows, count(*) FILTER (WHERE state = 'completed')::int AS completed, count(DISTINCT instance_id)::int AS instances FROM bpm.tasks WHERE instance_id = ANY($1)`,
    [instanceIds],
  );
  return {
    notifications: notifications!,
    tasks: tasks!,
    lost: 2 * instanceIds.length - notifications!.distinct + (instanceIds.length - tasks!.completed),
    duplicated: notifications!.rows - notifications!.distinct + (tasks!.rows - tasks!.instances),
  };
}
