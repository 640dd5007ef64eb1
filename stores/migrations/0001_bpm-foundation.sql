-- Up Migration
-- The process layer's own store: who people are, what is deployed, where each case stands.
CREATE SCHEMA IF NOT EXISTS bpm;

CREATE TABLE bpm.users (
  id            BIGSERIAL PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  groups        TEXT[] NOT NULL DEFAULT '{}',
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Bearer tokens are random; only their SHA-256 is stored, so a leaked table grants nothing.
CREATE TABLE bpm.sessions (
  token_sha256 TEXT PRIMARY KEY,
  user_id      BIGINT NOT NULL REFERENCES bpm.users(id) ON DELETE CASCADE,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON bpm.sessions (user_id);

CREATE TABLE bpm.deployments (
  id          UUID PRIMARY KEY,
  name        TEXT NOT NULL,
  deployed_by TEXT,
  deployed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per deployed version of a process; the compiled model is what instances run.
CREATE TABLE bpm.process_definitions (
  key           TEXT NOT NULL,
  version       INT NOT NULL CHECK (version > 0),
  name          TEXT,
  deployment_id UUID NOT NULL REFERENCES bpm.deployments(id),
  xml           TEXT NOT NULL,
  model         JSONB NOT NULL,
  xml_sha256    TEXT NOT NULL,
  deployed_by   TEXT,
  deployed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (key, version)
);
CREATE INDEX process_definitions_sha ON bpm.process_definitions (key, xml_sha256);

-- Summaries written by idempotent activities so listings never fan out to Temporal.
CREATE TABLE bpm.process_instances (
  instance_id        TEXT PRIMARY KEY,
  process_key        TEXT NOT NULL,
  version            INT NOT NULL,
  business_key       TEXT,
  status             TEXT NOT NULL CHECK (status IN ('running', 'incident', 'completed', 'cancelled')),
  variables          JSONB NOT NULL DEFAULT '{}',
  active_elements    TEXT[] NOT NULL DEFAULT '{}',
  completed_elements TEXT[] NOT NULL DEFAULT '{}',
  incident           JSONB,
  started_by         TEXT,
  started_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  ended_at           TIMESTAMPTZ,
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  FOREIGN KEY (process_key, version) REFERENCES bpm.process_definitions (key, version)
);
CREATE INDEX process_instances_by_key_status ON bpm.process_instances (process_key, status, started_at DESC);
CREATE INDEX process_instances_by_status ON bpm.process_instances (status, started_at DESC);

-- notify.send and SLA breaches land here; the idempotency key makes a retry a no-op.
CREATE TABLE bpm.notifications (
  id              BIGSERIAL PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL DEFAULT '',
  instance_id     TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notifications_recipient ON bpm.notifications (recipient, created_at DESC);
