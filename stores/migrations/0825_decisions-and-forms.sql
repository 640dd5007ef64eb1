-- Up Migration
-- DMN decisions and form-js forms deployed beside processes (issue 14: POST
-- /api/deployments takes .bpmn, .dmn and .form files in one deployment). Each is
-- versioned by its own id, as Camunda 8 versions them; byte-identical content returns
-- the version it already has. `version_tag` serves bindingType="versionTag";
-- `deployment_id` serves bindingType="deployment".
CREATE TABLE bpm.decision_definitions (
  key           TEXT NOT NULL,
  version       INT NOT NULL CHECK (version > 0),
  name          TEXT,
  graph_id      TEXT NOT NULL,
  version_tag   TEXT,
  deployment_id UUID NOT NULL REFERENCES bpm.deployments(id),
  resource_name TEXT NOT NULL,
  xml           TEXT NOT NULL,
  graph         JSONB NOT NULL,
  xml_sha256    TEXT NOT NULL,
  deployed_by   TEXT,
  deployed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (key, version)
);
CREATE INDEX decision_definitions_by_tag ON bpm.decision_definitions (key, version_tag);
CREATE INDEX decision_definitions_by_deployment ON bpm.decision_definitions (deployment_id);

CREATE TABLE bpm.form_definitions (
  form_id       TEXT NOT NULL,
  version       INT NOT NULL CHECK (version > 0),
  version_tag   TEXT,
  deployment_id UUID NOT NULL REFERENCES bpm.deployments(id),
  resource_name TEXT NOT NULL,
  schema        JSONB NOT NULL,
  sha256        TEXT NOT NULL,
  deployed_by   TEXT,
  deployed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (form_id, version)
);
CREATE INDEX form_definitions_by_tag ON bpm.form_definitions (form_id, version_tag);
CREATE INDEX form_definitions_by_deployment ON bpm.form_definitions (deployment_id);

