-- Up Migration
-- The instance summary is brought up to date after every step (issue 12): every open
-- incident with its id, the element history for the monitor, and the sequence number of
-- the summary that wrote the row, so that a write that arrives late (a retried activity,
-- a write racing the final one) never puts an older state back.
ALTER TABLE bpm.process_instances
  ADD COLUMN incidents   JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN history     JSONB NOT NULL DEFAULT '[]',
  ADD COLUMN summary_seq BIGINT NOT NULL DEFAULT 0;
-- Statistics per definition version (GET /api/process-definitions/{key}/statistics).
CREATE INDEX process_instances_by_version ON bpm.process_instances (process_key, version);
