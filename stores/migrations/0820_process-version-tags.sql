-- Up Migration
-- zeebe:versionTag of each process version, for call activities bound by version tag
-- (zeebe:calledElement bindingType="versionTag"). NULL: the version has no tag.
ALTER TABLE bpm.process_definitions ADD COLUMN version_tag TEXT;
CREATE INDEX process_definitions_version_tag ON bpm.process_definitions (key, version_tag, version DESC) WHERE version_tag IS NOT NULL;
