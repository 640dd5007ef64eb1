/**
 * The stores' history for bench/growth.ts, by SQL: `count` more ended instances shaped
 * like real ones, started over the last 365 days. Each copies a real completed
 * straight-through summary (its variables, completed elements and element history); every
 * third one is an order-to-cash case instead, with its completed pick-and-pack task (a
 * tenth of those late, with a closed SLA breach); one in 200 is cancelled; each has its
 * instance.started / instance.completed events, and one in 50 also a resolved incident's two
 * events. Idempotent per `from` (ids are `fill-<n>`), then ANALYZE.
 */
import type { Pool } from '../stores/db.js';

export async function fillCompletedInstances(pool: Pool, { from, count, template }: { from: number; count: number; template: string }): Promise<void> {
  if (count <= 0) return;
  const range = [from, from + count - 1];
  const o2c = await pool.query<{ version: number }>(`SELECT max(version) AS version FROM bpm.process_definitions WHERE key = 'order-to-cash'`);
  if (o2c.rows[0]?.version == null) throw new Error('growth fill: order-to-cash is not deployed');
  // i % 3 = 0: an order-to-cash case (with a task); otherwise a copy of the real straight-through row.
  await pool.query(
    `INSERT INTO bpm.process_instances (instance_id, process_key, version, business_key, status, variables, active_elements, completed_elements,
       incident, incidents, history, warnings, started_by, started_at, ended_at, updated_at, summary_seq)
     SELECT 'fill-' || i,
       CASE WHEN i % 3 = 0 THEN 'order-to-cash' ELSE t.process_key END,
       CASE WHEN i % 3 = 0 THEN $4 ELSE t.version END,
       'BK-' || i,
       CASE WHEN i % 200 = 7 THEN 'cancelled' ELSE 'completed' END,
       CASE WHEN i % 3 = 0 THEN jsonb_build_object('clientId', i % 500 + 1, 'orderId', i, 'invoiceId', i, 'lines', jsonb_build_array(jsonb_build_object('sku', 'CBL-1', 'qty', i % 5 + 1)), 'packages', 1)
            ELSE t.variables || jsonb_build_object('amount', (ARRAY[50, 500, 5000])[i % 3 + 1]) END,
       '{}',
       CASE WHEN i % 3 = 0 THEN ARRAY['StartEvent_orderReceived', 'Task_createOrder', 'Task_reserveStock', 'Task_pickAndPack', 'Task_ship', 'Task_invoice', 'Event_paymentReceived', 'Task_recordPayment', 'EndEvent_paid']
            ELSE t.completed_elements END,
       NULL, '[]',
       CASE WHEN i % 3 = 0 THEN (
              SELECT jsonb_agg(jsonb_build_object('elementId', e, 'name', e, 'startedAt', s.at + k * interval '1 hour', 'endedAt', s.at + (k + 1) * interval '1 hour') ORDER BY k)
              FROM unnest(ARRAY['StartEvent_orderReceived', 'Task_createOrder', 'Task_reserveStock', 'Task_pickAndPack', 'Task_ship', 'Task_invoice', 'Event_paymentReceived', 'Task_recordPayment', 'EndEvent_paid']) WITH ORDINALITY AS h (e, k))
            ELSE t.history END,
       '[]', 'bench', s.at, s.at + interval '9 hours', s.at + interval '9 hours', 20
     FROM generate_series($1::int, $2::int) AS i
     CROSS JOIN (SELECT * FROM bpm.process_instances WHERE instance_id = $3) AS t
     CROSS JOIN LATERAL (SELECT now() - interval '1 day' - ((i * 7919) % 525600) * interval '1 minute' AS at) AS s
     ON CONFLICT (instance_id) DO NOTHING`,
    [...range, template, o2c.rows[0].version],
  );
  await pool.query(
    `INSERT INTO bpm.tasks (id, instance_id, element_id, loop_counter, name, process_key, business_key, assignee, candidate_groups, due_at, priority,
       variables, state, created_at, completed_at, completed_by)
     SELECT 'fill-task-' || pi.n, pi.instance_id, 'Task_pickAndPack', 1, 'Pick and pack', 'order-to-cash', pi.business_key,
       'fill-clerk-' || (pi.n % 20), ARRAY['warehouse'], pi.started_at + interval '4 hours', 50, '{"packages": 1}',
       CASE WHEN pi.status = 'cancelled' THEN 'cancelled' ELSE 'completed' END,
       pi.started_at + interval '3 hours',
       pi.started_at + CASE WHEN pi.n % 30 = 0 THEN interval '6 hours' ELSE interval '3 hours 30 minutes' END,
       CASE WHEN pi.status = 'cancelled' THEN NULL ELSE 'fill-clerk-' || (pi.n % 20) END
     FROM (SELECT instance_id, business_key, status, started_at, substr(instance_id, 6)::int AS n FROM bpm.process_instances
           WHERE instance_id LIKE 'fill-%' AND process_key = 'order-to-cash' AND substr(instance_id, 6)::int BETWEEN $1 AND $2) AS pi
     ON CONFLICT (id) DO NOTHING`,
    range,
  );
  await pool.query(
    `INSERT INTO bpm.sla_breaches (task_id, instance_id, process_key, element_id, due_at, breached_at, closed_at, closed_as)
     SELECT t.id, t.instance_id, t.process_key, t.element_id, t.due_at, t.due_at, t.completed_at, 'completed'
     FROM bpm.tasks t WHERE t.id LIKE 'fill-task-%' AND t.state = 'completed' AND t.completed_at > t.due_at AND substr(t.id, 11)::int BETWEEN $1 AND $2
     ON CONFLICT (task_id) DO NOTHING`,
    range,
  );
  await pool.query(
    `INSERT INTO bpm.events (kind, instance_id, task_id, actor, idempotency_key, data, at)
     SELECT e.kind, pi.instance_id, NULL, NULL, e.kind || ':' || pi.instance_id, jsonb_build_object('processKey', pi.process_key), e.at
     FROM bpm.process_instances pi
     CROSS JOIN LATERAL (VALUES ('instance.started', pi.started_at), (CASE WHEN pi.status = 'cancelled' THEN 'instance.cancelled' ELSE 'instance.completed' END, pi.ended_at)) AS e (kind, at)
     WHERE pi.instance_id LIKE 'fill-%' AND substr(pi.instance_id, 6)::int BETWEEN $1 AND $2
     UNION ALL
     SELECT e.kind, pi.instance_id, NULL, NULL, e.kind || ':' || pi.instance_id, jsonb_build_object('elementId', 'Task_createOrder', 'incidentId', 'inc-' || pi.instance_id), pi.started_at + e.after
     FROM bpm.process_instances pi
     CROSS JOIN LATERAL (VALUES ('incident.opened', interval '1 hour'), ('incident.resolved', interval '2 hours')) AS e (kind, after)
     WHERE pi.instance_id LIKE 'fill-%' AND substr(pi.instance_id, 6)::int BETWEEN $1 AND $2 AND substr(pi.instance_id, 6)::int % 50 = 3
     ORDER BY 7
     ON CONFLICT (idempotency_key) DO NOTHING`,
    range,
  );
  for (const table of ['process_instances', 'tasks', 'sla_breaches', 'events']) await pool.query(`ANALYZE bpm.${table}`);
}
