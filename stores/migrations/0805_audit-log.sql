-- Up Migration
-- Who did what, when (GET /api/audit, admins): deployed, started, cancelled, retried,
-- completed, delegated, created or changed a user. Appended in the transaction of the
-- action where there is one, otherwise right after the Temporal call succeeded.
-- Ids are handed out and committed one writer at a time (an advisory lock, as the events
-- outbox does), so a reader asking `after` the last id it saw never misses one.
CREATE TABLE bpm.audit_log (
  id              BIGSERIAL PRIMARY KEY,
  at              TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- The username of whoever did it.
  actor           TEXT NOT NULL,
  action          TEXT NOT NULL CHECK (action IN (
                    'deployment.created', 'instance.started', 'instance.cancelled', 'instance.retried',
                    'task.completed', 'task.delegated', 'user.created', 'user.changed')),
  -- What it was done to: a deployment id, instance id, task id or username.
  target          TEXT NOT NULL,
  details         JSONB NOT NULL DEFAULT '{}',
  -- Makes a retried request a no-op when the action itself was not repeated.
  idempotency_key TEXT UNIQUE
);
