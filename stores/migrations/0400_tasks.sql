-- Up Migration
-- The task inbox and open message subscriptions: written by idempotent activities of the
-- process workflow, read by the API with one indexed query each (never a Temporal fan-out).

CREATE TABLE bpm.tasks (
  id               TEXT PRIMARY KEY,
  instance_id      TEXT NOT NULL,
  element_id       TEXT NOT NULL,
  -- The per-element execution counter: with instance and element, what makes a retried
  -- or replayed "open this task" a no-op.
  loop_counter     INT NOT NULL,
  name             TEXT,
  process_key      TEXT NOT NULL,
  business_key     TEXT,
  assignee         TEXT,
  candidate_groups TEXT[] NOT NULL DEFAULT '{}',
  candidate_users  TEXT[] NOT NULL DEFAULT '{}',
  due_at           TIMESTAMPTZ,
  follow_up_at     TIMESTAMPTZ,
  priority         INT,
  form             JSONB,
  variables        JSONB NOT NULL DEFAULT '{}',
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed', 'cancelled')),
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  completed_at     TIMESTAMPTZ,
  completed_by     TEXT,
  UNIQUE (instance_id, element_id, loop_counter)
);
CREATE INDEX tasks_open_by_assignee ON bpm.tasks (assignee, created_at) WHERE state = 'open';
CREATE INDEX tasks_open_by_group ON bpm.tasks USING GIN (candidate_groups) WHERE state = 'open';
CREATE INDEX tasks_by_instance ON bpm.tasks (instance_id);
CREATE INDEX tasks_by_state_process ON bpm.tasks (state, process_key, created_at);

-- One row per waiting message catch (intermediate, boundary, event-based gateway branch);
-- deleted when the wait ends. POST /api/messages finds the instance by name and key.
CREATE TABLE bpm.message_subscriptions (
  id              TEXT PRIMARY KEY,
  message_name    TEXT NOT NULL,
  correlation_key TEXT,
  instance_id     TEXT NOT NULL,
  element_id      TEXT NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX message_subscriptions_lookup ON bpm.message_subscriptions (message_name, correlation_key);
CREATE INDEX message_subscriptions_by_instance ON bpm.message_subscriptions (instance_id);
