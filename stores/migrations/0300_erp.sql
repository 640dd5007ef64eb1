-- Up Migration
-- The ERP store: stock, orders, shipments, invoices, payments and a double-entry ledger.
-- The books are exact because the rules live here, not only in the code that writes:
-- stock never negative, every journal entry balanced at commit, posted history immutable.
-- Clients live in the CRM store; client_id and legal_entity_id are its ids, not FKs.
CREATE SCHEMA IF NOT EXISTS erp;

CREATE FUNCTION erp.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %.% is not allowed: posted rows are never changed, only reversed', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

-- See crm.idempotency: the first result of every effect, by key.
CREATE TABLE erp.idempotency (
  key          TEXT PRIMARY KEY,
  operation    TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  result       JSONB,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.products (
  id            BIGSERIAL PRIMARY KEY,
  sku           TEXT NOT NULL UNIQUE CHECK (length(sku) > 0),
  name          TEXT NOT NULL,
  price         NUMERIC(14,2) NOT NULL CHECK (price >= 0),
  unit          TEXT NOT NULL DEFAULT 'pcs',
  -- Perpetual inventory values stock and cost of goods sold at standard cost.
  standard_cost NUMERIC(14,2) NOT NULL DEFAULT 0 CHECK (standard_cost >= 0),
  tax_rate      NUMERIC(6,4) NOT NULL DEFAULT 0.2 CHECK (tax_rate >= 0 AND tax_rate < 1),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.warehouses (
  id   BIGSERIAL PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);

CREATE TABLE erp.stock_balances (
  product_id   BIGINT NOT NULL REFERENCES erp.products(id),
  warehouse_id BIGINT NOT NULL REFERENCES erp.warehouses(id),
  on_hand      NUMERIC(14,3) NOT NULL DEFAULT 0,
  reserved     NUMERIC(14,3) NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, warehouse_id),
  CONSTRAINT stock_never_negative CHECK (on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand)
);

CREATE TABLE erp.sales_orders (
  id              BIGSERIAL PRIMARY KEY,
  client_id       BIGINT NOT NULL,
  legal_entity_id BIGINT,
  deal_id         BIGINT,
  net_total       NUMERIC(14,2) NOT NULL CHECK (net_total >= 0),
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL
);
CREATE INDEX sales_orders_client ON erp.sales_orders (client_id, created_at DESC);

-- Partial delivery is normal, over-delivery and invoicing beyond delivery are refused.
-- qty_reserved and qty_shipped follow the stock moves (trigger below), qty_invoiced the
-- invoice lines, so the order can never disagree with the stock ledger.
CREATE TABLE erp.sales_order_lines (
  id           BIGSERIAL PRIMARY KEY,
  order_id     BIGINT NOT NULL REFERENCES erp.sales_orders(id),
  line_no      INT NOT NULL CHECK (line_no > 0),
  product_id   BIGINT NOT NULL REFERENCES erp.products(id),
  qty          NUMERIC(14,3) NOT NULL CHECK (qty > 0),
  price        NUMERIC(14,2) NOT NULL CHECK (price >= 0),
  tax_rate     NUMERIC(6,4) NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 1),
  qty_reserved NUMERIC(14,3) NOT NULL DEFAULT 0,
  qty_shipped  NUMERIC(14,3) NOT NULL DEFAULT 0,
  qty_invoiced NUMERIC(14,3) NOT NULL DEFAULT 0,
  UNIQUE (order_id, line_no),
  CONSTRAINT order_line_quantities CHECK (qty_reserved >= 0 AND qty_shipped >= 0 AND qty_invoiced >= 0),
  CONSTRAINT no_over_shipment CHECK (qty_shipped <= qty AND qty_reserved + qty_shipped <= qty),
  CONSTRAINT no_over_invoicing CHECK (qty_invoiced <= qty_shipped)
);
CREATE INDEX sales_order_lines_order ON erp.sales_order_lines (order_id);

CREATE TABLE erp.shipments (
  id              BIGSERIAL PRIMARY KEY,
  order_id        BIGINT NOT NULL REFERENCES erp.sales_orders(id),
  cost_total      NUMERIC(14,2) NOT NULL CHECK (cost_total >= 0),
  shipped_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL
);
CREATE INDEX shipments_order ON erp.shipments (order_id);

CREATE TABLE erp.shipment_lines (
  id            BIGSERIAL PRIMARY KEY,
  shipment_id   BIGINT NOT NULL REFERENCES erp.shipments(id),
  order_line_id BIGINT NOT NULL REFERENCES erp.sales_order_lines(id),
  product_id    BIGINT NOT NULL REFERENCES erp.products(id),
  warehouse_id  BIGINT NOT NULL REFERENCES erp.warehouses(id),
  qty           NUMERIC(14,3) NOT NULL CHECK (qty > 0),
  unit_cost     NUMERIC(14,2) NOT NULL CHECK (unit_cost >= 0)
);
CREATE INDEX shipment_lines_shipment ON erp.shipment_lines (shipment_id);

-- The stock ledger. Balances and order-line quantities change only through these rows.
CREATE TABLE erp.stock_moves (
  id              BIGSERIAL PRIMARY KEY,
  product_id      BIGINT NOT NULL REFERENCES erp.products(id),
  warehouse_id    BIGINT NOT NULL REFERENCES erp.warehouses(id),
  kind            TEXT NOT NULL CHECK (kind IN ('receipt', 'reservation', 'release', 'shipment', 'adjustment')),
  on_hand_delta   NUMERIC(14,3) NOT NULL DEFAULT 0,
  reserved_delta  NUMERIC(14,3) NOT NULL DEFAULT 0,
  order_line_id   BIGINT REFERENCES erp.sales_order_lines(id),
  shipment_id     BIGINT REFERENCES erp.shipments(id),
  at              TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL,
  CONSTRAINT stock_move_shape CHECK (
    (kind = 'receipt'     AND on_hand_delta > 0 AND reserved_delta = 0) OR
    (kind = 'reservation' AND on_hand_delta = 0 AND reserved_delta > 0 AND order_line_id IS NOT NULL) OR
    (kind = 'release'     AND on_hand_delta = 0 AND reserved_delta < 0 AND order_line_id IS NOT NULL) OR
    -- a shipment consumes at most as much reservation as it takes off the shelf
    (kind = 'shipment'    AND on_hand_delta < 0 AND reserved_delta <= 0 AND reserved_delta >= on_hand_delta
                          AND order_line_id IS NOT NULL AND shipment_id IS NOT NULL) OR
    (kind = 'adjustment'  AND on_hand_delta <> 0 AND reserved_delta = 0)
  )
);
CREATE INDEX stock_moves_product ON erp.stock_moves (product_id, warehouse_id, at);
CREATE INDEX stock_moves_order_line ON erp.stock_moves (order_line_id) WHERE order_line_id IS NOT NULL;
CREATE TRIGGER stock_moves_append_only BEFORE UPDATE OR DELETE ON erp.stock_moves
  FOR EACH ROW EXECUTE FUNCTION erp.refuse_change();
CREATE TRIGGER stock_moves_no_truncate BEFORE TRUNCATE ON erp.stock_moves
  FOR EACH STATEMENT EXECUTE FUNCTION erp.refuse_change();

CREATE FUNCTION erp.apply_stock_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The balance CHECK (stock_never_negative) refuses the move, and the whole statement,
  -- when it would take stock below zero; the row lock serialises concurrent moves.
  -- (Not INSERT .. ON CONFLICT DO UPDATE with the deltas: the CHECK would judge the
  -- proposed insert row, e.g. reserved 4 on hand 0, before seeing the existing one.)
  INSERT INTO erp.stock_balances (product_id, warehouse_id) VALUES (NEW.product_id, NEW.warehouse_id)
  ON CONFLICT (product_id, warehouse_id) DO NOTHING;
  UPDATE erp.stock_balances
     SET on_hand = on_hand + NEW.on_hand_delta, reserved = reserved + NEW.reserved_delta
   WHERE product_id = NEW.product_id AND warehouse_id = NEW.warehouse_id;
  IF NEW.order_line_id IS NOT NULL THEN
    UPDATE erp.sales_order_lines
       SET qty_reserved = qty_reserved + NEW.reserved_delta,
           qty_shipped  = qty_shipped - CASE WHEN NEW.kind = 'shipment' THEN NEW.on_hand_delta ELSE 0 END
     WHERE id = NEW.order_line_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER stock_moves_apply AFTER INSERT ON erp.stock_moves
  FOR EACH ROW EXECUTE FUNCTION erp.apply_stock_move();

-- Balances are a projection of the moves: writing them directly (trigger depth 1) is
-- refused; only erp.apply_stock_move (depth 2) may.
CREATE FUNCTION erp.balances_only_through_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'stock balances change only through erp.stock_moves' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER stock_balances_guard BEFORE INSERT OR UPDATE OR DELETE ON erp.stock_balances
  FOR EACH ROW EXECUTE FUNCTION erp.balances_only_through_moves();

-- status is derived, so it can never disagree with what has been paid.
CREATE TABLE erp.invoices (
  id              BIGSERIAL PRIMARY KEY,
  order_id        BIGINT NOT NULL REFERENCES erp.sales_orders(id),
  client_id       BIGINT NOT NULL,
  legal_entity_id BIGINT,
  net_total       NUMERIC(14,2) NOT NULL CHECK (net_total >= 0),
  tax_total       NUMERIC(14,2) NOT NULL CHECK (tax_total >= 0),
  total           NUMERIC(14,2) NOT NULL CHECK (total = net_total + tax_total),
  amount_paid     NUMERIC(14,2) NOT NULL DEFAULT 0,
  status          TEXT GENERATED ALWAYS AS (
                    CASE WHEN amount_paid >= total THEN 'paid'
                         WHEN amount_paid > 0 THEN 'partly_paid'
                         ELSE 'issued' END) STORED,
  issued_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  due_at          TIMESTAMPTZ NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL,
  CONSTRAINT no_over_allocation CHECK (amount_paid >= 0 AND amount_paid <= total)
);
CREATE INDEX invoices_order ON erp.invoices (order_id);
CREATE INDEX invoices_client ON erp.invoices (client_id, issued_at DESC);

-- The arithmetic is checked too: a line's net and tax are what its numbers say.
CREATE TABLE erp.invoice_lines (
  id            BIGSERIAL PRIMARY KEY,
  invoice_id    BIGINT NOT NULL REFERENCES erp.invoices(id),
  order_line_id BIGINT NOT NULL REFERENCES erp.sales_order_lines(id),
  product_id    BIGINT NOT NULL REFERENCES erp.products(id),
  qty           NUMERIC(14,3) NOT NULL CHECK (qty > 0),
  price         NUMERIC(14,2) NOT NULL CHECK (price >= 0),
  tax_rate      NUMERIC(6,4) NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 1),
  net           NUMERIC(14,2) NOT NULL CHECK (net = round(qty * price, 2)),
  tax           NUMERIC(14,2) NOT NULL CHECK (tax = round(net * tax_rate, 2))
);
CREATE INDEX invoice_lines_invoice ON erp.invoice_lines (invoice_id);

CREATE FUNCTION erp.apply_invoice_line() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- no_over_invoicing on the order line refuses invoicing more than was delivered.
  UPDATE erp.sales_order_lines SET qty_invoiced = qty_invoiced + NEW.qty WHERE id = NEW.order_line_id;
  RETURN NULL;
END $$;
CREATE TRIGGER invoice_lines_apply AFTER INSERT ON erp.invoice_lines
  FOR EACH ROW EXECUTE FUNCTION erp.apply_invoice_line();
CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE OR DELETE ON erp.invoice_lines
  FOR EACH ROW EXECUTE FUNCTION erp.refuse_change();

CREATE TABLE erp.payments (
  id               BIGSERIAL PRIMARY KEY,
  client_id        BIGINT NOT NULL,
  amount           NUMERIC(14,2) NOT NULL CHECK (amount > 0),
  amount_allocated NUMERIC(14,2) NOT NULL DEFAULT 0,
  reference        TEXT,
  received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key  TEXT NOT NULL UNIQUE,
  request_hash     TEXT NOT NULL,
  CONSTRAINT allocation_within_payment CHECK (amount_allocated >= 0 AND amount_allocated <= amount)
);
CREATE INDEX payments_client ON erp.payments (client_id, received_at DESC);

CREATE TABLE erp.payment_allocations (
  id         BIGSERIAL PRIMARY KEY,
  payment_id BIGINT NOT NULL REFERENCES erp.payments(id),
  invoice_id BIGINT NOT NULL REFERENCES erp.invoices(id),
  amount     NUMERIC(14,2) NOT NULL CHECK (amount > 0),
  UNIQUE (payment_id, invoice_id)
);
CREATE INDEX payment_allocations_invoice ON erp.payment_allocations (invoice_id);
CREATE TRIGGER payment_allocations_immutable BEFORE UPDATE OR DELETE ON erp.payment_allocations
  FOR EACH ROW EXECUTE FUNCTION erp.refuse_change();

CREATE FUNCTION erp.apply_allocation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- no_over_allocation (invoice) and allocation_within_payment refuse the allocation
  -- when it exceeds what is outstanding or what was received; the UPDATE's row lock
  -- makes concurrent allocations to one invoice see each other.
  UPDATE erp.invoices SET amount_paid = amount_paid + NEW.amount WHERE id = NEW.invoice_id;
  UPDATE erp.payments SET amount_allocated = amount_allocated + NEW.amount WHERE id = NEW.payment_id;
  RETURN NULL;
END $$;
CREATE TRIGGER payment_allocations_apply AFTER INSERT ON erp.payment_allocations
  FOR EACH ROW EXECUTE FUNCTION erp.apply_allocation();

CREATE TABLE erp.accounts (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'revenue', 'expense'))
);
INSERT INTO erp.accounts (code, name, kind) VALUES
  ('1000', 'Bank', 'asset'),
  ('1200', 'Accounts receivable', 'asset'),
  ('1400', 'Inventory', 'asset'),
  -- the credit side of a stock receipt until the supplier's bill arrives
  ('2100', 'Goods received not invoiced', 'liability'),
  ('2200', 'Tax payable', 'liability'),
  ('4000', 'Revenue', 'revenue'),
  ('5000', 'Cost of goods sold', 'expense');

CREATE TABLE erp.journal_entries (
  id                BIGSERIAL PRIMARY KEY,
  posted_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
  memo              TEXT NOT NULL DEFAULT '',
  source_type       TEXT NOT NULL,
  source_id         BIGINT,
  -- corrections are new entries that point at what they reverse, at most one each
  reverses_entry_id BIGINT UNIQUE REFERENCES erp.journal_entries(id),
  idempotency_key   TEXT NOT NULL UNIQUE,
  request_hash      TEXT NOT NULL
);
CREATE INDEX journal_entries_source ON erp.journal_entries (source_id, source_type);

CREATE TABLE erp.journal_lines (
  id           BIGSERIAL PRIMARY KEY,
  entry_id     BIGINT NOT NULL REFERENCES erp.journal_entries(id),
  account_code TEXT NOT NULL REFERENCES erp.accounts(code),
  debit        NUMERIC(14,2) NOT NULL DEFAULT 0,
  credit       NUMERIC(14,2) NOT NULL DEFAULT 0,
  CONSTRAINT one_sided_line CHECK (debit >= 0 AND credit >= 0 AND (debit > 0) <> (credit > 0))
);
CREATE INDEX journal_lines_entry ON erp.journal_lines (entry_id);
CREATE INDEX journal_lines_account ON erp.journal_lines (account_code);

CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON erp.journal_entries
  FOR EACH ROW EXECUTE FUNCTION erp.refuse_change();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON erp.journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION erp.refuse_change();
CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON erp.journal_lines
  FOR EACH ROW EXECUTE FUNCTION erp.refuse_change();
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON erp.journal_lines
  FOR EACH STATEMENT EXECUTE FUNCTION erp.refuse_change();

-- Checked at commit, once all lines of an entry are in: at least two lines, debits
-- equal credits. Fires for the entry header too, so an entry without lines is refused.
CREATE FUNCTION erp.check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry   BIGINT;
  lines   INT;
  debits  NUMERIC;
  credits NUMERIC;
BEGIN
  IF TG_TABLE_NAME = 'journal_entries' THEN
    entry := NEW.id;
  ELSE
    entry := NEW.entry_id;
  END IF;
  SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0)
    INTO lines, debits, credits
    FROM erp.journal_lines WHERE entry_id = entry;
  IF lines < 2 OR debits <> credits THEN
    RAISE EXCEPTION 'journal entry % does not balance: % lines, debit %, credit %', entry, lines, debits, credits
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON erp.journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION erp.check_entry_balanced();
CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON erp.journal_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION erp.check_entry_balanced();
