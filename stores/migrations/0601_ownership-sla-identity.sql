-- Up Migration
-- Issue 9: who owns a step and what to do (instructions, "open to everyone"), SLA
-- breaches recorded at their due time, read marks on notifications, and identity
-- hardening (deactivation, login throttling).

-- What to do, as the designer wrote it (bpmn:documentation), and the explicit "nobody in
-- particular owns this, so every active employee may": never inferred from empty lists.
ALTER TABLE bpm.tasks ADD COLUMN instructions TEXT;
ALTER TABLE bpm.tasks ADD COLUMN open_to_everyone BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE bpm.tasks ADD CONSTRAINT tasks_someone_owns CHECK (
  open_to_everyone OR assignee IS NOT NULL OR cardinality(candidate_groups) > 0 OR cardinality(candidate_users) > 0 OR state <> 'open') NOT VALID;

-- The inbox's sort keys (CONTRACT §2 sort=dueAt|priority|createdAt), each ascending with
-- the id as tie-break, so that keyset paging (`after`) is one index range.
--   dueAt: soonest first, tasks without a due date last;
--   priority: highest first (Camunda 8: 0..100, 50 when unset);
--   createdAt: oldest first.
CREATE FUNCTION bpm.task_due_key(due_at TIMESTAMPTZ) RETURNS TIMESTAMPTZ
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT COALESCE(due_at, 'infinity'::timestamptz) $$;
CREATE FUNCTION bpm.task_priority_key(priority INT) RETURNS INT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT -COALESCE(priority, 50) $$;

DROP INDEX bpm.tasks_open_by_assignee;
CREATE INDEX tasks_mine_by_due ON bpm.tasks (assignee, bpm.task_due_key(due_at), id) WHERE state = 'open';
CREATE INDEX tasks_mine_by_priority ON bpm.tasks (assignee, bpm.task_priority_key(priority), id) WHERE state = 'open';
CREATE INDEX tasks_mine_by_created ON bpm.tasks (assignee, created_at, id) WHERE state = 'open';
-- Claimable: by group (GIN), by candidate user (GIN), or by everyone; unassigned only.
DROP INDEX bpm.tasks_open_by_group;
CREATE INDEX tasks_claimable_by_group ON bpm.tasks USING GIN (candidate_groups) WHERE state = 'open' AND assignee IS NULL;
CREATE INDEX tasks_claimable_by_user ON bpm.tasks USING GIN (candidate_users) WHERE state = 'open' AND assignee IS NULL;
CREATE INDEX tasks_claimable_by_everyone ON bpm.tasks (bpm.task_due_key(due_at), id) WHERE state = 'open' AND assignee IS NULL AND open_to_everyone;
CREATE INDEX tasks_open_by_business_key ON bpm.tasks (business_key) WHERE state = 'open';
CREATE INDEX tasks_by_process_element ON bpm.tasks (process_key, element_id, created_at);
CREATE INDEX tasks_closed_by_assignee ON bpm.tasks (assignee, state, created_at) WHERE state <> 'open';

-- One breach per task, written by the process's own timer when the due time passes
-- (never a poller); closed with its lateness when the task is completed or cancelled.
CREATE TABLE bpm.sla_breaches (
  task_id      TEXT PRIMARY KEY REFERENCES bpm.tasks (id),
  instance_id  TEXT NOT NULL,
  process_key  TEXT NOT NULL,
  element_id   TEXT NOT NULL,
  due_at       TIMESTAMPTZ NOT NULL,
  breached_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  closed_at    TIMESTAMPTZ,
  -- completed | cancelled: how the breach ended.
  closed_as    TEXT CHECK (closed_as IN ('completed', 'cancelled')),
  CHECK ((closed_at IS NULL) = (closed_as IS NULL))
);
CREATE INDEX sla_breaches_by_breached_at ON bpm.sla_breaches (breached_at);
CREATE INDEX sla_breaches_open ON bpm.sla_breaches (process_key, breached_at) WHERE closed_at IS NULL;

-- Comments are append-only (who said what, when); the history of a task is its events.
CREATE TABLE bpm.task_comments (
  id      BIGSERIAL PRIMARY KEY,
  task_id TEXT NOT NULL REFERENCES bpm.tasks (id),
  author  TEXT NOT NULL,
  text    TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
  at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX task_comments_by_task ON bpm.task_comments (task_id, id);

CREATE FUNCTION bpm.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER task_comments_append_only BEFORE UPDATE OR DELETE ON bpm.task_comments
  FOR EACH ROW EXECUTE FUNCTION bpm.refuse_change();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON bpm.events
  FOR EACH ROW EXECUTE FUNCTION bpm.refuse_change();

-- Notifications: what kind and which task, and who has read one (a group notification is
-- read per person, not once for the whole group).
ALTER TABLE bpm.notifications ADD COLUMN task_id TEXT;
ALTER TABLE bpm.notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'sla.breached'));
CREATE TABLE bpm.notification_reads (
  notification_id BIGINT NOT NULL REFERENCES bpm.notifications (id),
  username        TEXT NOT NULL,
  read_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (notification_id, username)
);

-- Deactivated users cannot log in; their sessions are deleted when they are deactivated.
ALTER TABLE bpm.users ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE bpm.users ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- Failed logins per username, for throttling (429 after repeated failures).
CREATE TABLE bpm.login_failures (
  username        TEXT PRIMARY KEY,
  failures        INT NOT NULL,
  first_failed_at TIMESTAMPTZ NOT NULL,
  locked_until    TIMESTAMPTZ
);
