/**
 * The process instance rows (bpm.process_instances): where each instance stands, for
 * listings, the instance page and the monitor, written by the API at start and by the
 * workflow's summary after every step. Events about instances and incidents are appended
 * in the same transaction as the change they report.
 */
import type { Pool, PoolClient } from '../db.js';
import { inTransaction } from '../db.js';
import { appendEvent, type NewEvent } from './events.js';

export type InstanceStatus = 'running' | 'incident' | 'completed' | 'cancelled';

export interface InstanceIncident {
  id: string;
  elementId: string;
  message: string;
  openedAt: string;
  retries: number;
}

export interface HistoryEntry {
  elementId: string;
  name: string | null;
  startedAt: string;
  endedAt?: string;
  by?: string;
}

/** What both the workflow's summary and the API's view say of a case. */
interface InstanceState {
  instanceId: string;
  processKey: string;
  version: number;
  businessKey: string | null;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  activeElements: string[];
  completedElements: string[];
}

export interface ProcessInstanceView extends InstanceState {
  incidents: InstanceIncident[];
  /** The first open incident; kept for clients written before `incidents`. */
  incident: InstanceIncident | null;
  history: HistoryEntry[];
  /** Run-time trouble that did not stop the instance (a FEEL condition that failed counts as false). */
  warnings: Array<{ elementId: string; message: string }>;
  startedAt: string;
  endedAt?: string;
}

/** What the workflow writes (the recordInstanceSummary activity's input). */
export interface InstanceSummary extends InstanceState {
  incidents?: InstanceIncident[];
  /** Incidents retried since the previous summary: each is reported resolved once. */
  resolvedIncidents?: Array<InstanceIncident & { resolvedAt: string }>;
  history?: HistoryEntry[];
  /** Workflows that started before `incidents` send only this one. */
  incident?: { elementId: string; message: string } | null;
  warnings?: Array<{ elementId: string; message: string }>;
  ended?: boolean;
  /** Grows with every summary of one instance; a lower one than the row's is stale. Absent: always written. */
  seq?: number;
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
  incidents: InstanceIncident[];
  history: HistoryEntry[];
  warnings: Array<{ elementId: string; message: string }>;
  started_at: Date;
  ended_at: Date | null;
}

const toView = (row: InstanceRow): ProcessInstanceView => {
  const incidents = row.incidents.length > 0 ? row.incidents : legacyIncidents(row.incident, row.started_at.toISOString());
  return {
    instanceId: row.instance_id,
    processKey: row.process_key,
    version: row.version,
    businessKey: row.business_key,
    status: row.status,
    variables: row.variables,
    activeElements: row.active_elements,
    completedElements: row.completed_elements,
    incidents,
    incident: incidents[0] ?? null,
    history: row.history,
    warnings: row.warnings,
    startedAt: row.started_at.toISOString(),
    ...(row.ended_at ? { endedAt: row.ended_at.toISOString() } : {}),
  };
};

/** An incident written before incidents had ids: one per instance and element. */
function legacyIncidents(incident: { elementId: string; message: string } | null, openedAt: string): InstanceIncident[] {
  return incident ? [{ id: `${incident.elementId}:0`, elementId: incident.elementId, message: incident.message, openedAt, retries: 0 }] : [];
}

/**
 * Written before the workflow starts, so the instance is visible from the first moment.
 * `start` runs inside the same transaction after the insert (the workflow start): when it
 * fails, neither the row nor its instance.started event exists.
 */
export async function insertInstance(
  pool: Pool,
  instance: { instanceId: string; processKey: string; version: number; businessKey: string | null; variables: Record<string, unknown>; startedBy: string },
  start: (client: PoolClient) => Promise<void> = async () => {},
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO bpm.process_instances (instance_id, process_key, version, business_key, status, variables, started_by)
       VALUES ($1, $2, $3, $4, 'running', $5, $6) ON CONFLICT (instance_id) DO NOTHING`,
      [instance.instanceId, instance.processKey, instance.version, instance.businessKey, JSON.stringify(instance.variables), instance.startedBy],
    );
    await start(client);
    if (rowCount === 1) {
      await appendEvent(client, {
        kind: 'instance.started',
        instanceId: instance.instanceId,
        actor: instance.startedBy,
        idempotencyKey: `instance.started:${instance.instanceId}`,
        data: { processKey: instance.processKey, version: instance.version, businessKey: instance.businessKey },
      });
    }
  });
}

/**
 * Writes where an instance stands. Replays and retries write the same row again, never a
 * second one; a summary older than the row's (by `seq`) changes nothing. A called
 * process has no row from the API: its first summary inserts it.
 */
export async function recordInstanceSummary(pool: Pool, summary: InstanceSummary): Promise<void> {
  const incidents = summary.incidents ?? legacyIncidents(summary.incident ?? null, new Date().toISOString());
  const values = [
    summary.instanceId,
    summary.processKey,
    summary.version,
    summary.businessKey,
    summary.status,
    JSON.stringify(summary.variables),
    summary.activeElements,
    summary.completedElements,
    incidents[0] ? JSON.stringify({ elementId: incidents[0].elementId, message: incidents[0].message }) : null,
    Boolean(summary.ended),
    JSON.stringify(summary.warnings ?? []),
    JSON.stringify(incidents),
    JSON.stringify(summary.history ?? []),
    summary.seq ?? 0,
  ];
  // A status that says the case ended carries its end time, also when the writer's
  // snapshot (ended: false) lands before the final write: the row never says `completed`
  // without `endedAt`.
  // The common case, a step of a running instance with no incident and no end to report:
  // one statement. Anything else (no row yet, a stale write, events) takes the transaction.
  const quiet = !summary.ended && incidents.length === 0 && (summary.resolvedIncidents ?? []).length === 0 && summary.seq !== undefined;
  if (quiet) {
    const updated = await pool.query(
      `UPDATE bpm.process_instances AS pi SET
         process_key = $2, version = $3, business_key = $4, status = $5, variables = $6, active_elements = $7, completed_elements = $8,
         incident = $9, warnings = $11, incidents = $12, history = $13::jsonb, summary_seq = $14, updated_at = now(),
         ended_at = COALESCE(pi.ended_at, CASE WHEN $5 IN ('completed', 'cancelled') THEN now() END)
       WHERE instance_id = $1 AND summary_seq < $14 AND NOT $10 AND jsonb_array_length(pi.incidents) = 0`,
      values,
    );
    if (updated.rowCount === 1) return;
  }
  await inTransaction(pool, async (client) => {
    const inserted = await client.query(
      `INSERT INTO bpm.process_instances
         (instance_id, process_key, version, business_key, status, variables, active_elements, completed_elements, incident, ended_at, warnings, incidents, history, summary_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 OR $5 IN ('completed', 'cancelled') THEN now() END, $11, $12, $13, $14)
       ON CONFLICT (instance_id) DO NOTHING`,
      values,
    );
    let before: InstanceIncident[] = [];
    if (inserted.rowCount === 0) {
      const { rows } = await client.query<{ summary_seq: number; incidents: InstanceIncident[] }>(
        `SELECT summary_seq, incidents FROM bpm.process_instances WHERE instance_id = $1 FOR UPDATE`,
        [summary.instanceId],
      );
      const current = rows[0]!;
      if (summary.seq !== undefined && current.summary_seq >= summary.seq) return;
      before = current.incidents;
      await client.query(
        `UPDATE bpm.process_instances AS pi SET
           process_key = $2, version = $3, business_key = $4, status = $5, variables = $6, active_elements = $7, completed_elements = $8, incident = $9,
           ended_at = COALESCE(pi.ended_at, CASE WHEN $10 OR $5 IN ('completed', 'cancelled') THEN now() END), warnings = $11, incidents = $12,
           history = CASE WHEN $13::jsonb = '[]'::jsonb THEN pi.history ELSE $13::jsonb END,
           summary_seq = GREATEST(pi.summary_seq, $14), updated_at = now()
         WHERE instance_id = $1`,
        values,
      );
    }
    for (const event of summaryEvents(summary, incidents, before, inserted.rowCount === 1)) await appendEvent(client, event);
  });
}

/** What this summary tells integrations that the row did not say yet. */
function summaryEvents(summary: InstanceSummary, incidents: InstanceIncident[], before: InstanceIncident[], inserted: boolean): NewEvent[] {
  const { instanceId } = summary;
  const events: NewEvent[] = [];
  if (inserted) {
    events.push({ kind: 'instance.started', instanceId, idempotencyKey: `instance.started:${instanceId}`, data: { processKey: summary.processKey, version: summary.version } });
  }
  const known = new Set(before.map((incident) => incident.id));
  const resolved = summary.resolvedIncidents ?? [];
  for (const incident of [...resolved, ...incidents]) {
    if (known.has(incident.id)) continue;
    known.add(incident.id);
    events.push({ kind: 'incident.opened', instanceId, idempotencyKey: `incident.opened:${instanceId}:${incident.id}`, data: incidentData(incident) });
  }
  for (const incident of resolved) {
    events.push({
      kind: 'incident.resolved',
      instanceId,
      idempotencyKey: `incident.resolved:${instanceId}:${incident.id}`,
      data: { ...incidentData(incident), resolvedAt: incident.resolvedAt },
    });
  }
  if (summary.ended && (summary.status === 'completed' || summary.status === 'cancelled')) {
    const kind = summary.status === 'completed' ? 'instance.completed' : 'instance.cancelled';
    events.push({ kind, instanceId, idempotencyKey: `${kind}:${instanceId}`, data: { processKey: summary.processKey, version: summary.version } });
  }
  return events;
}

const incidentData = (incident: InstanceIncident) => ({
  incidentId: incident.id,
  elementId: incident.elementId,
  message: incident.message,
  openedAt: incident.openedAt,
  retries: incident.retries,
});

export async function findInstance(pool: Pool | PoolClient, instanceId: string): Promise<ProcessInstanceView | undefined> {
  const { rows } = await pool.query<InstanceRow>(`SELECT * FROM bpm.process_instances WHERE instance_id = $1`, [instanceId]);
  return rows[0] && toView(rows[0]);
}

export async function listInstances(
  pool: Pool,
  filter: { processKey?: string; status?: InstanceStatus; limit?: number; participant?: string },
): Promise<ProcessInstanceView[]> {
  // `participant`: only the cases that user started or holds or held a task of (the same
  // rule as reading one case, stores/bpm/tasks.ts takesPartIn).
  const { rows } = await pool.query<InstanceRow>(
    `SELECT * FROM bpm.process_instances pi
     WHERE ($1::text IS NULL OR process_key = $1) AND ($2::text IS NULL OR status = $2)
       AND ($4::text IS NULL OR pi.started_by = $4
            OR EXISTS (SELECT 1 FROM bpm.tasks t WHERE t.instance_id = pi.instance_id AND (t.assignee = $4 OR t.completed_by = $4)))
     ORDER BY started_at DESC LIMIT $3`,
    [filter.processKey ?? null, filter.status ?? null, filter.limit ?? 200, filter.participant ?? null],
  );
  return rows.map(toView);
}

export interface ElementStatistics {
  elementId: string;
  /** Running instances with a token on the element. */
  active: number;
  /** Open incidents on the element. */
  incidents: number;
  /** Instances (running or ended) that completed the element at least once. */
  completed: number;
}

/**
 * What Operate draws on the diagram, for one definition version (the latest without
 * one); undefined when no such version is deployed.
 */
export async function elementStatistics(
  pool: Pool,
  processKey: string,
  requestedVersion?: number,
): Promise<{ version: number; elements: ElementStatistics[] } | undefined> {
  const deployed = await pool.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM bpm.process_definitions WHERE key = $1 AND ($2::int IS NULL OR version = $2)`,
    [processKey, requestedVersion ?? null],
  );
  const version = deployed.rows[0]?.version ?? null;
  if (version === null) return undefined;
  // Everything about the instances still open from their rows; the ended instances'
  // completions from the counters migration 0845's triggers keep (not from every instance ever run).
  const { rows } = await pool.query<ElementStatistics>(
    `WITH open AS (
       SELECT active_elements, completed_elements, incidents
       FROM bpm.process_instances WHERE process_key = $1 AND version = $2 AND status IN ('running', 'incident')
     ), counted AS (
       SELECT e AS element_id, 1 AS active, 0 AS incidents, 0 AS completed
         FROM open, LATERAL (SELECT DISTINCT unnest(open.active_elements) AS e) a
       UNION ALL
       SELECT i->>'elementId', 0, 1, 0 FROM open, jsonb_array_elements(open.incidents) i
       UNION ALL
       SELECT e, 0, 0, 1 FROM open, LATERAL (SELECT DISTINCT unnest(open.completed_elements) AS e) c
       UNION ALL
       SELECT element_id, 0, 0, instances FROM bpm.element_completions WHERE process_key = $1 AND version = $2
     )
     SELECT element_id AS "elementId", sum(active)::int AS active, sum(incidents)::int AS incidents, sum(completed)::int AS completed
     FROM counted GROUP BY element_id HAVING sum(active) + sum(incidents) + sum(completed) > 0 ORDER BY element_id`,
    [processKey, version],
  );
  return { version, elements: rows };
}
