-- Up Migration
-- Migration 0840's counters were kept on every summary write, so each step of a running
-- instance paid an INSERT ... ON CONFLICT beside its own write (bench/throughput.ts: 2.5 ms
-- of PostgreSQL CPU per instance of the straight-through diagram). They now count ended
-- instances only ('completed', 'cancelled'): a running instance's steps leave them alone (the
-- trigger's WHEN is false), and an instance is counted once, as it ends. The statistics read
-- takes the open instances' completed elements from their rows, which it scans anyway for
-- their active elements and incidents.
CREATE OR REPLACE FUNCTION bpm.count_element_completions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- OLD is null on INSERT and NEW on DELETE: their side adds no rows; nor does an open row.
  INSERT INTO bpm.element_completions AS c (process_key, version, element_id, shard, instances)
  SELECT process_key, version, element_id, (abs(hashtext(instance_id)) % 16)::smallint, sum(delta)
  FROM (
    SELECT NEW.process_key AS process_key, NEW.version AS version, e AS element_id, NEW.instance_id AS instance_id, 1 AS delta
      FROM (SELECT DISTINCT unnest(NEW.completed_elements) AS e) added
      WHERE NEW.status IN ('completed', 'cancelled')
    UNION ALL
    SELECT OLD.process_key, OLD.version, e, OLD.instance_id, -1
      FROM (SELECT DISTINCT unnest(OLD.completed_elements) AS e) removed
      WHERE OLD.status IN ('completed', 'cancelled')
  ) changes
  WHERE process_key IS NOT NULL
  GROUP BY process_key, version, element_id, instance_id
  HAVING sum(delta) <> 0
  -- one lock order for every writer: no deadlock between two summaries sharing a shard
  ORDER BY process_key, version, element_id
  ON CONFLICT (process_key, version, element_id, shard) DO UPDATE SET instances = c.instances + EXCLUDED.instances;
  RETURN NULL;
END
$$;

DROP TRIGGER element_completions_on_insert_or_delete ON bpm.process_instances;
CREATE TRIGGER element_completions_on_insert_or_delete AFTER INSERT OR DELETE ON bpm.process_instances
  FOR EACH ROW EXECUTE FUNCTION bpm.count_element_completions();
DROP TRIGGER element_completions_on_update ON bpm.process_instances;
CREATE TRIGGER element_completions_on_update AFTER UPDATE OF completed_elements, process_key, version, status ON bpm.process_instances
  FOR EACH ROW
  WHEN ((OLD.status IN ('completed', 'cancelled') OR NEW.status IN ('completed', 'cancelled'))
    AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.completed_elements IS DISTINCT FROM NEW.completed_elements
      OR OLD.process_key IS DISTINCT FROM NEW.process_key OR OLD.version IS DISTINCT FROM NEW.version))
  EXECUTE FUNCTION bpm.count_element_completions();

-- Recount: the ended instances only.
DELETE FROM bpm.element_completions;
INSERT INTO bpm.element_completions (process_key, version, element_id, shard, instances)
SELECT process_key, version, e, (abs(hashtext(instance_id)) % 16)::smallint, count(*)
FROM bpm.process_instances, LATERAL (SELECT DISTINCT unnest(completed_elements) AS e) completed
WHERE status IN ('completed', 'cancelled')
GROUP BY 1, 2, 3, 4;
