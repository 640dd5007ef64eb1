import type { Pool } from './db.js';

export type InstanceStatus = 'running' | 'incident' | 'completed' | 'cancelled';

export interface ProcessInstanceView {
  instanceId: string;
  processKey: string;
  version: number;
  businessKey: string | null;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  activeElements: string[];
  completedElements: string[];
  incident: { elementId: string; message: string } | null;
  /** Run-time trouble that did not stop the instance (a FEEL condition that failed counts as false). */
  warnings: Array<{ elementId: string; message: string }>;
  startedAt: string;
  endedAt?: string;
}

interface InstanceRow {
  instance_id: string;
  process_key: string;
  version: number;
  business_key: string | null;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  active_elements: string[];
  completed_elements: string[];
  incident: { elementId: string; message: string } | null;
  warnings: Array<{ elementId: string; message: string }>;
  started_at: Date;
  ended_at: Date | null;
}

const toView = (row: InstanceRow): ProcessInstanceView => ({
  instanceId: row.instance_id,
  processKey: row.process_key,
  version: row.version,
  businessKey: row.business_key,
  status: row.status,
  variables: row.variables,
  activeElements: row.active_elements,
  completedElements: row.completed_elements,
  incident: row.incident,
  warnings: row.warnings,
  startedAt: row.started_at.toISOString(),
  ...(row.ended_at ? { endedAt: row.ended_at.toISOString() } : {}),
});

/** Written before the workflow starts, so the instance is visible from the first moment. */
export async function insertInstance(
  pool: Pool,
  instance: { instanceId: string; processKey: string; version: number; businessKey: string | null; variables: Record<string, unknown>; startedBy: string },
): Promise<void> {
  await pool.query(
    `INSERT INTO bpm.process_instances (instance_id, process_key, version, business_key, status, variables, started_by)
     VALUES ($1, $2, $3, $4, 'running', $5, $6) ON CONFLICT (instance_id) DO NOTHING`,
    [instance.instanceId, instance.processKey, instance.version, instance.businessKey, JSON.stringify(instance.variables), instance.startedBy],
  );
}

export async function deleteInstance(pool: Pool, instanceId: string): Promise<void> {
  await pool.query(`DELETE FROM bpm.process_instances WHERE instance_id = $1`, [instanceId]);
}

export async function findInstance(pool: Pool, instanceId: string): Promise<ProcessInstanceView | undefined> {
  const { rows } = await pool.query<InstanceRow>(`SELECT * FROM bpm.process_instances WHERE instance_id = $1`, [instanceId]);
  return rows[0] && toView(rows[0]);
}

export async function listInstances(
  pool: Pool,
  filter: { processKey?: string; status?: InstanceStatus; limit?: number },
): Promise<ProcessInstanceView[]> {
  const { rows } = await pool.query<InstanceRow>(
    `SELECT * FROM bpm.process_instances
     WHERE ($1::text IS NULL OR process_key = $1) AND ($2::text IS NULL OR status = $2)
     ORDER BY started_at DESC LIMIT $3`,
    [filter.processKey ?? null, filter.status ?? null, filter.limit ?? 200],
  );
  return rows.map(toView);
}
