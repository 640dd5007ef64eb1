import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';
import type { InvoiceLine } from './invoices.js';
import { accounts, postEntry } from './ledger.js';
import { fromMilli, toMilli } from './quantities.js';

/** A credited line reads as the invoice line it reverses. */
export type CreditNoteLine = InvoiceLine;

export interface CreditNote {
  id: number;
  invoiceId: number;
  clientId: number;
  netTotal: number;
  taxTotal: number;
  total: number;
  reason: string;
  issuedAt: string;
  lines: CreditNoteLine[];
  /** The invoice right after the credit note. */
  invoice: { id: number; status: string; outstanding: number; amountCredited: number };
}

export interface NewCreditNote {
  invoiceId: number;
  /** What to credit; the whole invoice (everything not credited yet) when absent. */
  lines?: Array<{ orderLineId: number; qty: number }> | undefined;
  reason: string;
}

/**
 * Corrects an invoice without touching it: credits quantities of its lines at the
 * invoiced price and tax (rounded per line like the invoice; a line's last credit takes
 * exactly what is left of it, so crediting everything, in parts or at once, gives back
 * exactly the invoice's total), posts Dr revenue / Dr tax payable / Cr receivable and
 * reduces what the client owes. More than was invoiced and not credited is OVER_CREDIT;
 * more than is still outstanding is refused by the invoice's no_over_allocation check.
 */
export async function issueCreditNote(db: Db, effect: Effect, input: NewCreditNote): Promise<CreditNote> {
  return atomically(db, async (client) => {
    const { rows: invoices } = await client.query<{ client_id: number; outstanding: number }>(
      `SELECT client_id, total - amount_paid - amount_credited AS outstanding FROM erp.invoices WHERE id = $1 FOR UPDATE`,
      [input.invoiceId],
    );
    const invoice = invoices[0];
    if (!invoice) throw new DomainError('NOT_FOUND', `No invoice ${input.invoiceId}`);
    const { rows: creditable } = await client.query<{
      order_line_id: number;
      sku: string;
      invoiced: number;
      credited: number;
    }>(
      `SELECT il.order_line_id, p.sku, sum(il.qty) AS invoiced,
              coalesce((SELECT sum(cl.qty) FROM erp.credit_note_lines cl JOIN erp.credit_notes c ON c.id = cl.credit_note_id
                         WHERE c.invoice_id = il.invoice_id AND cl.order_line_id = il.order_line_id), 0) AS credited
         FROM erp.invoice_lines il JOIN erp.products p ON p.id = il.product_id
        WHERE il.invoice_id = $1 GROUP BY il.invoice_id, il.order_line_id, p.sku ORDER BY il.order_line_id`,
      [input.invoiceId],
    );
    const requested = input.lines ?? creditable.map((line) => ({ orderLineId: line.order_line_id, qty: fromMilli(toMilli(line.invoiced) - toMilli(line.credited)) }));
    const planned: Array<{ orderLineId: number; qty: number; closes: boolean }> = [];
    for (const request of requested) {
      const line = creditable.find((candidate) => candidate.order_line_id === request.orderLineId);
      if (!line) throw new DomainError('NOT_FOUND', `Invoice ${input.invoiceId} has no line for order line ${request.orderLineId}`);
      const left = toMilli(line.invoiced) - toMilli(line.credited) - toMilli(planned.filter((p) => p.orderLineId === line.order_line_id).reduce((sum, p) => sum + p.qty, 0));
      if (toMilli(request.qty) > left) {
        throw new DomainError('OVER_CREDIT', `Order line ${line.order_line_id} (${line.sku}) has ${fromMilli(left)} invoiced and not credited, not ${request.qty}`);
      }
      if (request.qty > 0) planned.push({ ...request, closes: toMilli(request.qty) === left });
    }
    if (planned.length === 0) throw new DomainError('OVER_CREDIT', `Invoice ${input.invoiceId} has nothing left to credit`);

    // Rounded per line like the invoice; the line's last credit takes exactly what is left.
    const priced = await client.query<{ order_line_id: number; qty: number; price: number; tax_rate: number; net: number; tax: number; closes: boolean }>(
      `SELECT b.line_id AS order_line_id, b.qty, il.price, il.tax_rate, b.closes,
              CASE WHEN b.closes THEN il.net - coalesce(cr.net, 0) ELSE round(b.qty * il.price, 2) END AS net,
              CASE WHEN b.closes THEN il.tax - coalesce(cr.tax, 0) ELSE round(round(b.qty * il.price, 2) * il.tax_rate, 2) END AS tax
         FROM unnest($2::bigint[], $3::numeric[], $4::boolean[]) WITH ORDINALITY AS b(line_id, qty, closes, n)
         JOIN LATERAL (SELECT max(price) AS price, max(tax_rate) AS tax_rate, sum(net) AS net, sum(tax) AS tax
                         FROM erp.invoice_lines WHERE invoice_id = $1 AND order_line_id = b.line_id) il ON true
         LEFT JOIN LATERAL (SELECT sum(cl.net) AS net, sum(cl.tax) AS tax FROM erp.credit_note_lines cl JOIN erp.credit_notes c ON c.id = cl.credit_note_id
                             WHERE c.invoice_id = $1 AND cl.order_line_id = b.line_id) cr ON true
        ORDER BY b.n`,
      [input.invoiceId, planned.map((line) => line.orderLineId), planned.map((line) => line.qty), planned.map((line) => line.closes)],
    );
    const { rows: totals } = await client.query<{ net: number; tax: number }>(
      `SELECT sum(net) AS net, sum(tax) AS tax FROM unnest($1::numeric[], $2::numeric[]) AS t(net, tax)`,
      [priced.rows.map((row) => row.net), priced.rows.map((row) => row.tax)],
    );
    const { net, tax } = totals[0]!;
    const { rows } = await client.query<{ id: number; total: number }>(
      `INSERT INTO erp.credit_notes (invoice_id, client_id, net_total, tax_total, total, reason, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $3::numeric + $4::numeric, $5, $6, $7) RETURNING id, total`,
      [input.invoiceId, invoice.client_id, net, tax, input.reason, effect.key, effect.requestHash],
    ).catch((error: unknown) => {
      if ((error as { constraint?: string }).constraint === 'no_over_allocation') {
        throw new DomainError('OVER_CREDIT', `Invoice ${input.invoiceId} has ${invoice.outstanding} outstanding; a credit note of ${net + tax} is more than that`);
      }
      throw error;
    });
    const creditNoteId = rows[0]!.id;
    await client.query(
      `INSERT INTO erp.credit_note_lines (credit_note_id, order_line_id, qty, price, tax_rate, net, tax, closes_line)
       SELECT $1, l.line_id, l.qty, l.price, l.tax_rate, l.net, l.tax, l.closes
         FROM unnest($2::bigint[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::boolean[]) AS l(line_id, qty, price, tax_rate, net, tax, closes)`,
      [
        creditNoteId,
        priced.rows.map((row) => row.order_line_id),
        priced.rows.map((row) => row.qty),
        priced.rows.map((row) => row.price),
        priced.rows.map((row) => row.tax_rate),
        priced.rows.map((row) => row.net),
        priced.rows.map((row) => row.tax),
        priced.rows.map((row) => row.closes),
      ],
    );
    await postEntry(client, effect, {
      sourceType: 'credit_note',
      sourceId: creditNoteId,
      memo: `Credit note ${creditNoteId} for invoice ${input.invoiceId}: ${input.reason}`,
      lines: [
        { account: accounts.revenue, debit: net },
        { account: accounts.taxPayable, debit: tax },
        { account: accounts.receivable, credit: rows[0]!.total },
      ],
    });
    return (await findCreditNote(client, creditNoteId))!;
  });
}

export async function findCreditNote(db: Db, id: number): Promise<CreditNote | undefined> {
  return (await queryCreditNotes(db, { id }))[0];
}

export async function listCreditNotes(db: Db, filter: { invoiceId?: number | undefined } = {}): Promise<CreditNote[]> {
  return queryCreditNotes(db, filter);
}

async function queryCreditNotes(db: Db, filter: { id?: number; invoiceId?: number | undefined }): Promise<CreditNote[]> {
  const { rows } = await db.query<{
    id: number;
    invoice_id: number;
    client_id: number;
    net_total: number;
    tax_total: number;
    total: number;
    reason: string;
    issued_at: Date;
    lines: CreditNoteLine[];
    status: string;
    outstanding: number;
    amount_credited: number;
  }>(
    `SELECT c.id, c.invoice_id, c.client_id, c.net_total, c.tax_total, c.total, c.reason, c.issued_at,
            i.status, i.total - i.amount_paid - i.amount_credited AS outstanding, i.amount_credited,
            json_agg(json_build_object('orderLineId', cl.order_line_id, 'sku', p.sku, 'qty', cl.qty, 'price', cl.price,
                     'taxRate', cl.tax_rate, 'net', cl.net, 'tax', cl.tax) ORDER BY cl.id) AS lines
       FROM erp.credit_notes c JOIN erp.invoices i ON i.id = c.invoice_id
       JOIN erp.credit_note_lines cl ON cl.credit_note_id = c.id
       JOIN erp.sales_order_lines ol ON ol.id = cl.order_line_id JOIN erp.products p ON p.id = ol.product_id
      WHERE ($1::bigint IS NULL OR c.id = $1) AND ($2::bigint IS NULL OR c.invoice_id = $2)
      GROUP BY c.id, i.id ORDER BY c.id`,
    [filter.id ?? null, filter.invoiceId ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    invoiceId: row.invoice_id,
    clientId: row.client_id,
    netTotal: row.net_total,
    taxTotal: row.tax_total,
    total: row.total,
    reason: row.reason,
    issuedAt: row.issued_at.toISOString(),
    lines: row.lines.map((line) => ({ ...line, qty: Number(line.qty), price: Number(line.price), taxRate: Number(line.taxRate), net: Number(line.net), tax: Number(line.tax) })),
    invoice: { id: row.invoice_id, status: row.status, outstanding: row.outstanding, amountCredited: row.amount_credited },
  }));
}
