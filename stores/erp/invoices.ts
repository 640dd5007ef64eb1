import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';
import { accounts, postEntry } from './ledger.js';
import { lockOrderLines } from './orders.js';
import { fromMilli, toMilli } from './quantities.js';

export type InvoiceStatus = 'issued' | 'partly_paid' | 'paid' | 'cancelled';

export interface InvoiceLine {
  orderLineId: number;
  sku: string;
  qty: number;
  price: number;
  taxRate: number;
  net: number;
  tax: number;
}

export interface Invoice {
  id: number;
  orderId: number;
  clientId: number;
  legalEntityId: number | null;
  netTotal: number;
  taxTotal: number;
  /** Gross: what the client owes. */
  total: number;
  amountPaid: number;
  /** Credit notes against it: what the client no longer owes. */
  amountCredited: number;
  outstanding: number;
  status: InvoiceStatus;
  issuedAt: string;
  dueAt: string;
  lines: InvoiceLine[];
}

/**
 * Invoices what was delivered and not yet invoiced (the "delivered quantities" policy), so
 * a second invoice after a second partial shipment bills only the difference. Line net and
 * tax are rounded per line in NUMERIC. Posts Dr receivable (gross) / Cr revenue (net) / Cr
 * tax payable.
 */
export async function issueInvoice(db: Db, effect: Effect, input: { orderId: number; dueInDays?: number }): Promise<Invoice> {
  return atomically(db, async (client) => {
    const lines = await lockOrderLines(client, input.orderId);
    const billable = lines
      .map((line) => ({ line, milli: toMilli(line.qtyShipped) - toMilli(line.qtyInvoiced) }))
      .filter((item) => item.milli > 0);
    if (billable.length === 0) throw new DomainError('NOTHING_TO_INVOICE', `Order ${input.orderId} has nothing delivered that is not invoiced yet`);

    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO erp.invoices (order_id, client_id, legal_entity_id, net_total, tax_total, total, due_at, idempotency_key, request_hash)
       SELECT o.id, o.client_id, o.legal_entity_id, 0, 0, 0, now() + make_interval(days => $2), $3, $4
         FROM erp.sales_orders o WHERE o.id = $1 RETURNING id`,
      [input.orderId, input.dueInDays ?? 30, effect.key, effect.requestHash],
    );
    const invoiceId = rows[0]!.id;
    await client.query(
      `INSERT INTO erp.invoice_lines (invoice_id, order_line_id, product_id, qty, price, tax_rate, net, tax)
       SELECT $1, l.id, l.product_id, b.qty, l.price, l.tax_rate, round(b.qty * l.price, 2), round(round(b.qty * l.price, 2) * l.tax_rate, 2)
         FROM unnest($2::bigint[], $3::numeric[]) AS b(line_id, qty) JOIN erp.sales_order_lines l ON l.id = b.line_id`,
      [invoiceId, billable.map((item) => item.line.id), billable.map((item) => fromMilli(item.milli))],
    );
    const totals = await client.query<{ net_total: number; tax_total: number; total: number }>(
      `UPDATE erp.invoices i SET net_total = t.net, tax_total = t.tax, total = t.net + t.tax
         FROM (SELECT sum(net) AS net, sum(tax) AS tax FROM erp.invoice_lines WHERE invoice_id = $1) t
        WHERE i.id = $1 RETURNING i.net_total, i.tax_total, i.total`,
      [invoiceId],
    );
    const { net_total: net, tax_total: tax, total } = totals.rows[0]!;
    await postEntry(client, effect, {
      sourceType: 'invoice',
      sourceId: invoiceId,
      memo: `Invoice ${invoiceId} for order ${input.orderId}`,
      lines: [
        { account: accounts.receivable, debit: total },
        { account: accounts.revenue, credit: net },
        { account: accounts.taxPayable, credit: tax },
      ],
    });
    return (await findInvoice(client, invoiceId))!;
  });
}

export async function findInvoice(db: Db, id: number): Promise<Invoice | undefined> {
  return (await queryInvoices(db, { id }))[0];
}

export async function listInvoices(db: Db, filter: { clientId?: number; orderId?: number } = {}): Promise<Invoice[]> {
  return queryInvoices(db, filter);
}

/** Open receivables of one client: the balance on the client card. */
export async function clientBalance(db: Db, clientId: number): Promise<number> {
  const { rows } = await db.query<{ balance: number }>(
    `SELECT coalesce(sum(total - amount_paid - amount_credited), 0) AS balance FROM erp.invoices WHERE client_id = $1`,
    [clientId],
  );
  return rows[0]!.balance;
}

async function queryInvoices(db: Db, filter: { id?: number; clientId?: number; orderId?: number }): Promise<Invoice[]> {
  const { rows } = await db.query<{
    id: number;
    order_id: number;
    client_id: number;
    legal_entity_id: number | null;
    net_total: number;
    tax_total: number;
    total: number;
    amount_paid: number;
    amount_credited: number;
    outstanding: number;
    status: InvoiceStatus;
    issued_at: Date;
    due_at: Date;
    lines: InvoiceLine[];
  }>(
    `SELECT i.id, i.order_id, i.client_id, i.legal_entity_id, i.net_total, i.tax_total, i.total, i.amount_paid, i.amount_credited,
            i.total - i.amount_paid - i.amount_credited AS outstanding, i.status, i.issued_at, i.due_at,
            json_agg(json_build_object('orderLineId', il.order_line_id, 'sku', p.sku, 'qty', il.qty, 'price', il.price,
                     'taxRate', il.tax_rate, 'net', il.net, 'tax', il.tax) ORDER BY il.id) AS lines
       FROM erp.invoices i
       JOIN erp.invoice_lines il ON il.invoice_id = i.id
       JOIN erp.products p ON p.id = il.product_id
      WHERE ($1::bigint IS NULL OR i.id = $1) AND ($2::bigint IS NULL OR i.client_id = $2) AND ($3::bigint IS NULL OR i.order_id = $3)
      GROUP BY i.id ORDER BY i.id`,
    [filter.id ?? null, filter.clientId ?? null, filter.orderId ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    orderId: row.order_id,
    clientId: row.client_id,
    legalEntityId: row.legal_entity_id,
    netTotal: row.net_total,
    taxTotal: row.tax_total,
    total: row.total,
    amountPaid: row.amount_paid,
    amountCredited: row.amount_credited,
    outstanding: row.outstanding,
    status: row.status,
    issuedAt: row.issued_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    lines: row.lines.map((line) => ({
      ...line,
      qty: Number(line.qty),
      price: Number(line.price),
      taxRate: Number(line.taxRate),
      net: Number(line.net),
      tax: Number(line.tax),
    })),
  }));
}
