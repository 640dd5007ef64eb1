-- Up Migration
-- What went wrong at run time without stopping the instance (a FEEL condition that could
-- not be evaluated counts as false): kept on the summary so the API shows it.
ALTER TABLE bpm.process_instances ADD COLUMN warnings JSONB NOT NULL DEFAULT '[]';
