-- Up Migration
-- Corrections without editing history, and stock valued at moving-average cost.
-- * Every stock move carries value_delta, what it changed the stock value by; the balance
--   keeps the running value (NUMERIC), and each move posts exactly its value_delta to
--   Inventory (1400). So the valuation report equals account 1400 to the cent, always.
-- * A shipment takes value at the average of what is on the shelf; taking the last unit
--   takes all that is left, so no rounding residue stays behind.
-- * A return brings goods back at the cost they left with; a credit note reverses
--   revenue and tax and reduces what the client owes. Nothing posted is ever updated.

-- The approver of an order over the credit limit (a user of accounting or managers).
ALTER TABLE erp.sales_orders ADD COLUMN credit_approved_by TEXT;

ALTER TABLE erp.stock_balances ADD COLUMN value NUMERIC(14,2) NOT NULL DEFAULT 0;
ALTER TABLE erp.stock_moves ADD COLUMN value_delta NUMERIC(14,2) NOT NULL DEFAULT 0;
ALTER TABLE erp.stock_moves ADD COLUMN unit_cost NUMERIC(14,2);
ALTER TABLE erp.shipment_lines ADD COLUMN cost NUMERIC(14,2);
UPDATE erp.shipment_lines SET cost = round(qty * unit_cost, 2);
ALTER TABLE erp.shipment_lines ALTER COLUMN cost SET NOT NULL;
ALTER TABLE erp.sales_order_lines ADD COLUMN qty_returned NUMERIC(14,3) NOT NULL DEFAULT 0;
ALTER TABLE erp.sales_order_lines ADD CONSTRAINT no_over_return CHECK (qty_returned >= 0 AND qty_returned <= qty_shipped);

-- Stock received before this migration was valued at standard cost; start from there.
ALTER TABLE erp.stock_balances DISABLE TRIGGER stock_balances_guard;
UPDATE erp.stock_balances b SET value = round(b.on_hand * p.standard_cost, 2) FROM erp.products p WHERE p.id = b.product_id;
ALTER TABLE erp.stock_balances ENABLE TRIGGER stock_balances_guard;
ALTER TABLE erp.stock_balances ADD CONSTRAINT stock_value_consistent
  CHECK (value >= 0 AND (on_hand > 0 OR value = 0));

ALTER TABLE erp.stock_moves DROP CONSTRAINT stock_moves_kind_check;
ALTER TABLE erp.stock_moves ADD CONSTRAINT stock_moves_kind_check
  CHECK (kind IN ('receipt', 'reservation', 'release', 'shipment', 'adjustment', 'return'));
ALTER TABLE erp.stock_moves DROP CONSTRAINT stock_move_shape;
ALTER TABLE erp.stock_moves ADD CONSTRAINT stock_move_shape CHECK (
  (kind = 'receipt'     AND on_hand_delta > 0 AND reserved_delta = 0 AND value_delta >= 0) OR
  (kind = 'reservation' AND on_hand_delta = 0 AND reserved_delta > 0 AND order_line_id IS NOT NULL AND value_delta = 0) OR
  (kind = 'release'     AND on_hand_delta = 0 AND reserved_delta < 0 AND order_line_id IS NOT NULL AND value_delta = 0) OR
  (kind = 'shipment'    AND on_hand_delta < 0 AND reserved_delta <= 0 AND reserved_delta >= on_hand_delta
                        AND order_line_id IS NOT NULL AND shipment_id IS NOT NULL AND value_delta <= 0) OR
  (kind = 'adjustment'  AND on_hand_delta <> 0 AND reserved_delta = 0) OR
  (kind = 'return'      AND on_hand_delta > 0 AND reserved_delta = 0 AND order_line_id IS NOT NULL AND value_delta >= 0)
);

CREATE OR REPLACE FUNCTION erp.apply_stock_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- See migration 0300 for why this is INSERT .. DO NOTHING then UPDATE.
  INSERT INTO erp.stock_balances (product_id, warehouse_id) VALUES (NEW.product_id, NEW.warehouse_id)
  ON CONFLICT (product_id, warehouse_id) DO NOTHING;
  UPDATE erp.stock_balances
     SET on_hand = on_hand + NEW.on_hand_delta, reserved = reserved + NEW.reserved_delta, value = value + NEW.value_delta
   WHERE product_id = NEW.product_id AND warehouse_id = NEW.warehouse_id;
  IF NEW.order_line_id IS NOT NULL THEN
    UPDATE erp.sales_order_lines
       SET qty_reserved = qty_reserved + NEW.reserved_delta,
           qty_shipped  = qty_shipped - CASE WHEN NEW.kind = 'shipment' THEN NEW.on_hand_delta ELSE 0 END,
           qty_returned = qty_returned + CASE WHEN NEW.kind = 'return' THEN NEW.on_hand_delta ELSE 0 END
     WHERE id = NEW.order_line_id;
  END IF;
  RETURN NULL;
END $$;

-- Returns of goods: stock back in at the cost it left with (Dr Inventory / Cr COGS).
CREATE TABLE erp.returns (
  id              BIGSERIAL PRIMARY KEY,
  order_id        BIGINT NOT NULL REFERENCES erp.sales_orders(id),
  cost_total      NUMERIC(14,2) NOT NULL CHECK (cost_total >= 0),
  received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL
);
CREATE INDEX returns_order ON erp.returns (order_id);
ALTER TABLE erp.stock_moves ADD COLUMN return_id BIGINT REFERENCES erp.returns(id);

-- Credit notes: a correction of an invoice, never an edit of it.
ALTER TABLE erp.invoices ADD COLUMN amount_credited NUMERIC(14,2) NOT NULL DEFAULT 0;
ALTER TABLE erp.invoices DROP CONSTRAINT no_over_allocation;
ALTER TABLE erp.invoices DROP COLUMN status;
ALTER TABLE erp.invoices ADD COLUMN status TEXT GENERATED ALWAYS AS (
  CASE WHEN amount_credited >= total AND total > 0 THEN 'cancelled'
       WHEN amount_paid + amount_credited >= total THEN 'paid'
       WHEN amount_paid > 0 OR amount_credited > 0 THEN 'partly_paid'
       ELSE 'issued' END) STORED;
ALTER TABLE erp.invoices ADD CONSTRAINT no_over_allocation
  CHECK (amount_paid >= 0 AND amount_credited >= 0 AND amount_paid + amount_credited <= total);

CREATE TABLE erp.credit_notes (
  id              BIGSERIAL PRIMARY KEY,
  invoice_id      BIGINT NOT NULL REFERENCES erp.invoices(id),
  client_id       BIGINT NOT NULL,
  net_total       NUMERIC(14,2) NOT NULL CHECK (net_total >= 0),
  tax_total       NUMERIC(14,2) NOT NULL CHECK (tax_total >= 0),
  total           NUMERIC(14,2) NOT NULL CHECK (total = net_total + tax_total),
  reason          TEXT NOT NULL CHECK (length(reason) > 0),
  issued_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  idempotency_key TEXT NOT NULL UNIQUE,
  request_hash    TEXT NOT NULL
);
CREATE INDEX credit_notes_invoice ON erp.credit_notes (invoice_id);
CREATE TRIGGER credit_notes_immutable BEFORE UPDATE OR DELETE ON erp.credit_notes
  FOR EACH ROW EXECUTE FUNCTION erp.refuse_change();

CREATE TABLE erp.credit_note_lines (
  id             BIGSERIAL PRIMARY KEY,
  credit_note_id BIGINT NOT NULL REFERENCES erp.credit_notes(id),
  order_line_id  BIGINT NOT NULL REFERENCES erp.sales_order_lines(id),
  qty            NUMERIC(14,3) NOT NULL CHECK (qty > 0),
  price          NUMERIC(14,2) NOT NULL CHECK (price >= 0),
  tax_rate       NUMERIC(6,4) NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 1),
  net            NUMERIC(14,2) NOT NULL CHECK (net >= 0),
  tax            NUMERIC(14,2) NOT NULL CHECK (tax >= 0),
  -- The last credit of an invoice line takes what is left of its net and tax, so an
  -- invoice credited in parts gives back exactly its total; any other is rounded per line.
  closes_line    BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT credit_line_arithmetic CHECK (closes_line OR (net = round(qty * price, 2) AND tax = round(net * tax_rate, 2)))
);
CREATE INDEX credit_note_lines_note ON erp.credit_note_lines (credit_note_id);
CREATE TRIGGER credit_note_lines_immutable BEFORE UPDATE OR DELETE ON erp.credit_note_lines
  FOR EACH ROW EXECUTE FUNCTION erp.refuse_change();

-- The credit note header is written with its totals; what the client owes drops at once.
CREATE FUNCTION erp.apply_credit_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- no_over_allocation refuses crediting more than is still outstanding.
  UPDATE erp.invoices SET amount_credited = amount_credited + NEW.total WHERE id = NEW.invoice_id;
  RETURN NULL;
END $$;
CREATE TRIGGER credit_notes_apply AFTER INSERT ON erp.credit_notes
  FOR EACH ROW EXECUTE FUNCTION erp.apply_credit_note();

CREATE TRIGGER shipments_immutable BEFORE UPDATE OR DELETE ON erp.shipment_lines
  FOR EACH ROW EXECUTE FUNCTION erp.refuse_change();
