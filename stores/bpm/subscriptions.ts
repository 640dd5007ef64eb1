import type { Pool } from '../db.js';

/** The instances waiting for this message: one indexed lookup (name, correlation key). */
export async function waitingInstances(pool: Pool, messageName: string, correlationKey: string | null): Promise<string[]> {
  const { rows } = await pool.query<{ instance_id: string }>(
    `SELECT DISTINCT instance_id FROM bpm.message_subscriptions
     WHERE kind = 'message' AND message_name = $1 AND correlation_key IS NOT DISTINCT FROM $2`,
    [messageName, correlationKey],
  );
  return rows.map((row) => row.instance_id);
}

/** The instances with a signal catch waiting for `signalName` (BPMN 2.0 §10.5.5: a broadcast reaches all of them). */
export async function signalWaitingInstances(pool: Pool, signalName: string): Promise<string[]> {
  const { rows } = await pool.query<{ instance_id: string }>(
    `SELECT DISTINCT instance_id FROM bpm.message_subscriptions WHERE kind = 'signal' AND message_name = $1 ORDER BY instance_id`,
    [signalName],
  );
  return rows.map((row) => row.instance_id);
}

/** Latest versions whose top-level message start event listens for `messageName`. */
export async function messageStartEvents(pool: Pool, messageName: string): Promise<Array<{ key: string; version: number; startEventId: string }>> {
  return startEventsOf(pool, 'message', messageName);
}

/** Latest versions with a top-level signal start event for `signalName` (Camunda: only the latest version subscribes). */
export async function signalStartEvents(pool: Pool, signalName: string): Promise<Array<{ key: string; version: number; startEventId: string }>> {
  return startEventsOf(pool, 'signal', signalName);
}

async function startEventsOf(pool: Pool, type: 'message' | 'signal', name: string): Promise<Array<{ key: string; version: number; startEventId: string }>> {
  const nameField = type === 'message' ? 'messageName' : 'signalName';
  const { rows } = await pool.query<{ key: string; version: number; start_event_id: string }>(
    `SELECT latest.key, latest.version, start_event.id AS start_event_id
     FROM (SELECT DISTINCT ON (key) key, version, model FROM bpm.process_definitions ORDER BY key, version DESC) latest,
          jsonb_each(latest.model -> 'elements') AS start_event (id, value)
     WHERE start_event.value ->> 'kind' = 'startEvent'
       AND start_event.value ->> 'parentId' = latest.model ->> 'id'
       AND start_event.value -> 'event' ->> 'type' = $2
       AND start_event.value -> 'event' -> $3 ->> 'value' = $1
     ORDER BY latest.key`,
    [name, type, nameField],
  );
  return rows.map((row) => ({ key: row.key, version: row.version, startEventId: row.start_event_id }));
}

export interface MessageSubscriptionRow {
  /** Deterministic in the workflow: a retried activity writes the same row. */
  subscriptionId: string;
  instanceId: string;
  elementId: string;
  messageName: string;
  correlationKey: string | null;
  /** A signal subscription carries the signal's name in messageName and no key; default message. */
  kind?: 'message' | 'signal';
}

export async function openSubscription(pool: Pool, row: MessageSubscriptionRow): Promise<void> {
  await pool.query(
    `INSERT INTO bpm.message_subscriptions (id, message_name, correlation_key, instance_id, element_id, kind)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [row.subscriptionId, row.messageName, row.correlationKey, row.instanceId, row.elementId, row.kind ?? 'message'],
  );
}

export async function closeSubscription(pool: Pool, subscriptionId: string): Promise<void> {
  await pool.query(`DELETE FROM bpm.message_subscriptions WHERE id = $1`, [subscriptionId]);
}
