-- Up Migration
-- The CRM store: clients as the business knows them, leads, deals. A separate schema
-- because companies run CRM and ERP as separate systems; nothing here references erp.
CREATE SCHEMA IF NOT EXISTS crm;

-- Refuses UPDATE, DELETE and TRUNCATE on history tables: history is appended, never edited.
CREATE FUNCTION crm.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed: the table is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

-- The first result of every effect, by idempotency key: a retried or replayed step gets
-- it back instead of acting twice; a different request under the same key is refused.
CREATE TABLE crm.idempotency (
  key          TEXT PRIMARY KEY,
  operation    TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  result       JSONB,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE crm.clients (
  id              BIGSERIAL PRIMARY KEY,
  name            TEXT NOT NULL CHECK (length(name) > 0),
  owner           TEXT,
  -- NULL: no limit agreed, orders are not credit-checked.
  credit_limit    NUMERIC(14,2) CHECK (credit_limit >= 0),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX clients_name ON crm.clients (lower(name));

-- The counterparties that appear on invoices; one client may trade through several.
CREATE TABLE crm.legal_entities (
  id         BIGSERIAL PRIMARY KEY,
  client_id  BIGINT NOT NULL REFERENCES crm.clients(id),
  name       TEXT NOT NULL,
  tax_id     TEXT,
  address    TEXT,
  UNIQUE (client_id, tax_id)
);
CREATE INDEX legal_entities_client ON crm.legal_entities (client_id);

CREATE TABLE crm.contacts (
  id        BIGSERIAL PRIMARY KEY,
  client_id BIGINT NOT NULL REFERENCES crm.clients(id),
  name      TEXT NOT NULL,
  role      TEXT,
  email     TEXT,
  phone     TEXT
);
CREATE INDEX contacts_client ON crm.contacts (client_id);

CREATE TABLE crm.leads (
  id              BIGSERIAL PRIMARY KEY,
  name            TEXT NOT NULL,
  company         TEXT,
  email           TEXT,
  phone           TEXT,
  source          TEXT,
  owner           TEXT,
  status          TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'qualified', 'disqualified')),
  client_id       BIGINT REFERENCES crm.clients(id),
  qualified_at    TIMESTAMPTZ,
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- A qualified lead always says which client it became.
  CHECK (status <> 'qualified' OR client_id IS NOT NULL)
);
CREATE INDEX leads_status ON crm.leads (status, created_at DESC);

CREATE TABLE crm.deals (
  id              BIGSERIAL PRIMARY KEY,
  client_id       BIGINT NOT NULL REFERENCES crm.clients(id),
  title           TEXT NOT NULL,
  amount          NUMERIC(14,2) NOT NULL CHECK (amount >= 0),
  stage           TEXT NOT NULL DEFAULT 'new' CHECK (stage IN ('new', 'proposal', 'negotiation', 'won', 'lost')),
  owner           TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  closed_at       TIMESTAMPTZ,
  CHECK ((stage IN ('won', 'lost')) = (closed_at IS NOT NULL))
);
CREATE INDEX deals_client ON crm.deals (client_id, created_at DESC);

-- Every stage change with who and when: cycle times are computed from this table.
CREATE TABLE crm.deal_stage_history (
  id              BIGSERIAL PRIMARY KEY,
  deal_id         BIGINT NOT NULL REFERENCES crm.deals(id),
  from_stage      TEXT,
  to_stage        TEXT NOT NULL,
  changed_by      TEXT,
  changed_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL
);
CREATE INDEX deal_stage_history_deal ON crm.deal_stage_history (deal_id, changed_at);
CREATE TRIGGER deal_stage_history_append_only BEFORE UPDATE OR DELETE ON crm.deal_stage_history
  FOR EACH ROW EXECUTE FUNCTION crm.refuse_change();
CREATE TRIGGER deal_stage_history_no_truncate BEFORE TRUNCATE ON crm.deal_stage_history
  FOR EACH STATEMENT EXECUTE FUNCTION crm.refuse_change();

-- The client's history. stage_change rows are written by the CRM itself when a deal
-- moves, so the card shows them next to calls and meetings.
CREATE TABLE crm.interactions (
  id              BIGSERIAL PRIMARY KEY,
  client_id       BIGINT NOT NULL REFERENCES crm.clients(id),
  deal_id         BIGINT REFERENCES crm.deals(id),
  kind            TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'sms', 'note', 'stage_change')),
  summary         TEXT NOT NULL,
  logged_by       TEXT,
  at              TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL
);
CREATE INDEX interactions_client ON crm.interactions (client_id, at DESC);
CREATE TRIGGER interactions_append_only BEFORE UPDATE OR DELETE ON crm.interactions
  FOR EACH ROW EXECUTE FUNCTION crm.refuse_change();
CREATE TRIGGER interactions_no_truncate BEFORE TRUNCATE ON crm.interactions
  FOR EACH STATEMENT EXECUTE FUNCTION crm.refuse_change();
