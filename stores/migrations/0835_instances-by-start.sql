-- Up Migration
-- GET /api/process-instances without ?status= lists the newest 200 cases by started_at:
-- the existing indexes lead with status or process_key, so with 100 000 ended instances
-- that list was a sequential scan and a sort (241 ms in bench/growth.ts's EXPLAIN ANALYZE).
CREATE INDEX process_instances_by_start ON bpm.process_instances (started_at DESC);
