import type { Pool } from '../stores/db.js';

export interface InstanceSummary {
  instanceId: string;
  processKey: string;
  version: number;
  businessKey: string | null;
  status: 'running' | 'incident' | 'completed' | 'cancelled';
  variables: Record<string, unknown>;
  activeElements: string[];
  completedElements: string[];
  incident?: { elementId: string; message: string } | null;
  /** Run-time trouble that did not stop the instance, e.g. a FEEL condition that failed. */
  warnings?: Array<{ elementId: string; message: string }>;
  ended?: boolean;
}

/**
 * Writes where an instance stands, for listings that never fan out to Temporal. Upsert by
 * instance id: replays and retries write the same row again, never a second one.
 */
export function createRecordInstanceSummary(pool: Pool) {
  return async function recordInstanceSummary(summary: InstanceSummary): Promise<void> {
    await pool.query(
      `INSERT INTO bpm.process_instances AS pi
         (instance_id, process_key, version, business_key, status, variables, active_elements, completed_elements, incident, ended_at, warnings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END, $11)
       ON CONFLICT (instance_id) DO UPDATE SET
         status = EXCLUDED.status, variables = EXCLUDED.variables, active_elements = EXCLUDED.active_elements,
         completed_elements = EXCLUDED.completed_elements, incident = EXCLUDED.incident, warnings = EXCLUDED.warnings,
         ended_at = COALESCE(pi.ended_at, EXCLUDED.ended_at), updated_at = now()`,
      [
        summary.instanceId,
        summary.processKey,
        summary.version,
        summary.businessKey,
        summary.status,
        JSON.stringify(summary.variables),
        summary.activeElements,
        summary.completedElements,
        summary.incident ? JSON.stringify(summary.incident) : null,
        Boolean(summary.ended),
        JSON.stringify(summary.warnings ?? []),
      ],
    );
  };
}
