import type { PoolClient } from '../db.js';
import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';

export interface OrderLine {
  id: number;
  lineNo: number;
  productId: number;
  sku: string;
  name: string;
  qty: number;
  price: number;
  taxRate: number;
  qtyReserved: number;
  qtyShipped: number;
  qtyInvoiced: number;
  qtyReturned: number;
}

/** Derived from the lines, never stored, so it cannot drift from them. */
export type OrderStatus = 'open' | 'reserved' | 'partly_shipped' | 'shipped' | 'invoiced';

export interface SalesOrder {
  id: number;
  clientId: number;
  legalEntityId: number | null;
  dealId: number | null;
  netTotal: number;
  /** Tax per line, rounded per line as the invoice will round it. */
  taxTotal: number;
  /** Gross (net + tax): what the client owes for the whole order. */
  total: number;
  /** Who approved the order over the client's credit limit; null when none was needed. */
  creditApprovedBy: string | null;
  status: OrderStatus;
  createdAt: string;
  lines: OrderLine[];
}

export interface NewSalesOrder {
  clientId: number;
  legalEntityId?: number | null;
  dealId?: number | null;
  /** The client's credit limit, read from the CRM by the caller; null: not credit-checked. */
  creditLimit: number | null;
  /** A user the caller checked may approve credit: the limit is then not applied, and the order records them. */
  creditApprovedBy?: string | null;
  lines: Array<{ sku: string; qty: number; price?: number }>;
}

const lineColumns = `l.id, l.line_no AS "lineNo", l.product_id AS "productId", p.sku, p.name, l.qty, l.price, l.tax_rate AS "taxRate",
  l.qty_reserved AS "qtyReserved", l.qty_shipped AS "qtyShipped", l.qty_invoiced AS "qtyInvoiced", l.qty_returned AS "qtyReturned"`;

/**
 * Creates the order at list prices unless a line names its own. With a credit limit, the
 * client's exposure (open receivables plus everything ordered and not yet invoiced, gross)
 * including this order must stay within it, else CREDIT_LIMIT. A per-client advisory lock
 * stops two concurrent orders from both squeezing under the limit.
 */
export async function createSalesOrder(db: Db, effect: Effect, input: NewSalesOrder): Promise<SalesOrder> {
  return atomically(db, async (client) => {
    const skus = input.lines.map((line) => line.sku);
    const { rows: products } = await client.query<{ sku: string }>(`SELECT sku FROM erp.products WHERE sku = ANY($1::text[])`, [skus]);
    const missing = skus.filter((sku) => !products.some((product) => product.sku === sku));
    if (missing.length > 0) throw new DomainError('NOT_FOUND', `No product with SKU ${missing.join(', ')}`);

    if (input.creditLimit !== null) await client.query(`SELECT pg_advisory_xact_lock(hashtext('erp.credit'), $1::int)`, [input.clientId % 2 ** 31]);
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO erp.sales_orders (client_id, legal_entity_id, deal_id, net_total, credit_approved_by, idempotency_key, request_hash)
       VALUES ($1, $2, $3, 0, $4, $5, $6) RETURNING id`,
      [input.clientId, input.legalEntityId ?? null, input.dealId ?? null, input.creditApprovedBy ?? null, effect.key, effect.requestHash],
    );
    const orderId = rows[0]!.id;
    await client.query(
      `INSERT INTO erp.sales_order_lines (order_id, line_no, product_id, qty, price, tax_rate)
       SELECT $1, l.line_no, p.id, l.qty, coalesce(l.price, p.price), p.tax_rate
         FROM unnest($2::text[], $3::numeric[], $4::numeric[]) WITH ORDINALITY AS l(sku, qty, price, line_no)
         JOIN erp.products p ON p.sku = l.sku`,
      [orderId, skus, input.lines.map((line) => line.qty), input.lines.map((line) => line.price ?? null)],
    );
    await client.query(
      `UPDATE erp.sales_orders SET net_total = (SELECT sum(round(qty * price, 2)) FROM erp.sales_order_lines WHERE order_id = $1) WHERE id = $1`,
      [orderId],
    );
    if (input.creditLimit !== null && !input.creditApprovedBy) {
      const exposure = await clientExposure(client, input.clientId);
      const { rows: check } = await client.query<{ over: boolean }>(`SELECT $1::numeric > $2::numeric AS over`, [exposure, input.creditLimit]);
      if (check[0]!.over) {
        throw new DomainError('CREDIT_LIMIT', `Client ${input.clientId} would owe ${exposure} with this order, above the credit limit of ${input.creditLimit}`);
      }
    }
    return (await findOrder(client, orderId))!;
  });
}

/** What the client owes or will owe: open invoices plus ordered-but-not-invoiced goods, gross. */
export async function clientExposure(db: Db, clientId: number): Promise<number> {
  const { rows } = await db.query<{ exposure: number }>(
    `SELECT (SELECT coalesce(sum(total - amount_paid - amount_credited), 0) FROM erp.invoices WHERE client_id = $1)
          + (SELECT coalesce(sum(round((l.qty - l.qty_invoiced) * l.price * (1 + l.tax_rate), 2)), 0)
               FROM erp.sales_order_lines l JOIN erp.sales_orders o ON o.id = l.order_id WHERE o.client_id = $1) AS exposure`,
    [clientId],
  );
  return rows[0]!.exposure;
}

export async function findOrder(db: Db, id: number): Promise<SalesOrder | undefined> {
  const { rows } = await db.query<{
    id: number;
    client_id: number;
    legal_entity_id: number | null;
    deal_id: number | null;
    net_total: number;
    tax_total: number;
    credit_approved_by: string | null;
    created_at: Date;
  }>(
    `SELECT o.id, o.client_id, o.legal_entity_id, o.deal_id, o.net_total, o.credit_approved_by, o.created_at,
            (SELECT coalesce(sum(round(round(l.qty * l.price, 2) * l.tax_rate, 2)), 0) FROM erp.sales_order_lines l WHERE l.order_id = o.id) AS tax_total
       FROM erp.sales_orders o WHERE o.id = $1`,
    [id],
  );
  const order = rows[0];
  if (!order) return undefined;
  const { rows: lines } = await db.query<OrderLine>(
    `SELECT ${lineColumns} FROM erp.sales_order_lines l JOIN erp.products p ON p.id = l.product_id WHERE l.order_id = $1 ORDER BY l.line_no`,
    [id],
  );
  return {
    id: order.id,
    clientId: order.client_id,
    legalEntityId: order.legal_entity_id,
    dealId: order.deal_id,
    netTotal: order.net_total,
    taxTotal: order.tax_total,
    // Both NUMERIC(14,2) read as numbers: their sum in cents is exact.
    total: Math.round((order.net_total + order.tax_total) * 100) / 100,
    creditApprovedBy: order.credit_approved_by,
    status: orderStatus(lines),
    createdAt: order.created_at.toISOString(),
    lines,
  };
}

export async function listOrders(db: Db, filter: { clientId?: number } = {}): Promise<SalesOrder[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM erp.sales_orders WHERE ($1::bigint IS NULL OR client_id = $1) ORDER BY created_at DESC, id DESC`,
    [filter.clientId ?? null],
  );
  const orders: SalesOrder[] = [];
  for (const row of rows) orders.push((await findOrder(db, row.id))!);
  return orders;
}

/**
 * Locks the order's lines for a shipment, reservation or invoice, so two of them for one
 * order run one after the other and each sees what the other did.
 */
export async function lockOrderLines(client: PoolClient, orderId: number): Promise<OrderLine[]> {
  const { rows } = await client.query<OrderLine>(
    `SELECT ${lineColumns} FROM erp.sales_order_lines l JOIN erp.products p ON p.id = l.product_id
      WHERE l.order_id = $1 ORDER BY l.line_no FOR UPDATE OF l`,
    [orderId],
  );
  if (rows.length === 0) throw new DomainError('NOT_FOUND', `No sales order ${orderId}`);
  return rows;
}

function orderStatus(lines: OrderLine[]): OrderStatus {
  if (lines.every((line) => line.qtyInvoiced === line.qty)) return 'invoiced';
  if (lines.every((line) => line.qtyShipped === line.qty)) return 'shipped';
  if (lines.some((line) => line.qtyShipped > 0)) return 'partly_shipped';
  if (lines.every((line) => line.qtyReserved === line.qty)) return 'reserved';
  return 'open';
}
