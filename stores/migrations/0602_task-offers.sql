-- Up Migration
-- Who each open task is offered to, one row per (task, target), kept by a trigger on
-- bpm.tasks: `a:<user>` (assigned to), `g:<group>` / `u:<user>` (claimable by a candidate
-- group or user while unassigned), `*` (claimable by everyone). The inbox walks one
-- ordered index range per target of the caller and merges them, so a page costs the
-- same whether a group has ten open tasks or ten thousand (GIN over candidate_groups
-- has to fetch and sort them all).
CREATE TABLE bpm.task_offers (
  offered_to   TEXT NOT NULL,
  task_id      TEXT NOT NULL REFERENCES bpm.tasks (id) ON DELETE CASCADE,
  due_key      TIMESTAMPTZ NOT NULL,
  priority_key INT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (offered_to, task_id)
);
CREATE INDEX task_offers_by_due ON bpm.task_offers (offered_to, due_key, task_id);
CREATE INDEX task_offers_by_priority ON bpm.task_offers (offered_to, priority_key, task_id);
CREATE INDEX task_offers_by_created ON bpm.task_offers (offered_to, created_at, task_id);
CREATE INDEX task_offers_by_task ON bpm.task_offers (task_id);

CREATE FUNCTION bpm.task_targets(t bpm.tasks) RETURNS SETOF TEXT LANGUAGE sql STABLE AS $$
  SELECT 'a:' || t.assignee WHERE t.state = 'open' AND t.assignee IS NOT NULL
  UNION SELECT 'g:' || g FROM unnest(t.candidate_groups) AS g WHERE t.state = 'open' AND t.assignee IS NULL
  UNION SELECT 'u:' || u FROM unnest(t.candidate_users) AS u WHERE t.state = 'open' AND t.assignee IS NULL
  UNION SELECT '*' WHERE t.state = 'open' AND t.assignee IS NULL AND t.open_to_everyone
$$;

CREATE FUNCTION bpm.sync_task_offers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM bpm.task_offers WHERE task_id = OLD.id;
  END IF;
  INSERT INTO bpm.task_offers (offered_to, task_id, due_key, priority_key, created_at)
  SELECT target, NEW.id, bpm.task_due_key(NEW.due_at), bpm.task_priority_key(NEW.priority), NEW.created_at
  FROM bpm.task_targets(NEW) AS target;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_sync_offers AFTER INSERT OR UPDATE OF assignee, state, candidate_groups, candidate_users, open_to_everyone, due_at, priority, created_at
  ON bpm.tasks FOR EACH ROW EXECUTE FUNCTION bpm.sync_task_offers();

INSERT INTO bpm.task_offers (offered_to, task_id, due_key, priority_key, created_at)
SELECT target, t.id, bpm.task_due_key(t.due_at), bpm.task_priority_key(t.priority), t.created_at
FROM bpm.tasks t, bpm.task_targets(t) AS target WHERE t.state = 'open';

-- Closed tasks (state=completed|cancelled) are listed by who held or completed them.
CREATE INDEX tasks_closed_by_completer ON bpm.tasks (completed_by, state, created_at) WHERE state <> 'open';
