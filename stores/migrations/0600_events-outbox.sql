-- Up Migration
-- The outbox integrations follow (GET /api/events?after=, /api/events/stream): one row per
-- change people or systems care about, appended in the same transaction as the change,
-- so a rolled-back change leaves no event.
--
-- Commit order: writers are serialised by a transaction-scoped advisory lock taken just
-- before the insert (stores/bpm/events.ts), so a larger id always commits later and a
-- reader asking `after` the last id it saw never skips a row that commits late.
CREATE TABLE bpm.events (
  id              BIGSERIAL PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN (
                    'task.created', 'task.claimed', 'task.unclaimed', 'task.delegated', 'task.commented',
                    'task.completed', 'task.cancelled', 'task.breached',
                    'instance.started', 'instance.completed', 'instance.cancelled',
                    'incident.opened', 'incident.resolved')),
  instance_id     TEXT NOT NULL,
  task_id         TEXT,
  -- Who did it (a username), when a person did.
  actor           TEXT,
  -- What makes a retried or replayed writer a no-op (e.g. `task.created:<taskId>`).
  idempotency_key TEXT UNIQUE,
  data            JSONB NOT NULL DEFAULT '{}',
  at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_by_instance ON bpm.events (instance_id, id);
CREATE INDEX events_by_task ON bpm.events (task_id, id) WHERE task_id IS NOT NULL;
