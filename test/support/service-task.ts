import type { ServiceTaskContext, ServiceTaskType } from '../../activities/service-tasks/types.js';
import type { Pool } from '../../stores/db.js';

/** Calls a service-task type the way the activity wrapper does: variables validated first, then run. */
export async function callTask<I>(task: ServiceTaskType<I>, pool: Pool, variables: Record<string, unknown>, key: string): Promise<unknown> {
  const context: ServiceTaskContext = { pool, idempotencyKey: key, instanceId: key.split(':')[0]!, elementId: 'Task_1', headers: {} };
  return task.run(task.input.parse(variables), context);
}

/** Row counts of every CRM and ERP table: "changed the stores once" means these moved once. */
export async function storeCounts(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('crm', 'erp') AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) counts[name] = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`)).rows[0]!.n;
  const balances = await pool.query<{ sum: number }>(`SELECT coalesce(sum(on_hand * 1000 + reserved), 0) AS sum FROM erp.stock_balances`);
  counts['erp.stock_balances (on hand, reserved)'] = balances.rows[0]!.sum;
  return counts;
}
