import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';
import type { InvoiceStatus } from './invoices.js';
import { accounts, postEntry } from './ledger.js';

export interface Payment {
  id: number;
  invoiceId: number;
  clientId: number;
  amount: number;
  reference: string | null;
  receivedAt: string;
  /** The invoice as it stood when this was read (for a new payment: right after it). */
  invoice: { id: number; status: InvoiceStatus; amountPaid: number; outstanding: number };
}

/**
 * Records money received against one invoice and allocates it in full. More than is
 * outstanding is OVERPAYMENT (and the database's no_over_allocation refuses it too).
 * Posts Dr bank / Cr receivable; the invoice becomes partly_paid or paid.
 */
export async function recordPayment(db: Db, effect: Effect, input: { invoiceId: number; amount: number; reference?: string | null }): Promise<Payment> {
  return atomically(db, async (client) => {
    // Locked, so two payments for one invoice are judged one after the other.
    const { rows } = await client.query<{ client_id: number; outstanding: number; over: boolean }>(
      `SELECT client_id, total - amount_paid - amount_credited AS outstanding, $2::numeric > total - amount_paid - amount_credited AS over
         FROM erp.invoices WHERE id = $1 FOR UPDATE`,
      [input.invoiceId, input.amount],
    );
    const invoice = rows[0];
    if (!invoice) throw new DomainError('NOT_FOUND', `No invoice ${input.invoiceId}`);
    if (invoice.over) {
      throw new DomainError('OVERPAYMENT', `Invoice ${input.invoiceId} has ${invoice.outstanding} outstanding; a payment of ${input.amount} is more than that`);
    }
    const payment = await client.query<{ id: number }>(
      `INSERT INTO erp.payments (client_id, amount, reference, idempotency_key, request_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [invoice.client_id, input.amount, input.reference ?? null, effect.key, effect.requestHash],
    );
    const paymentId = payment.rows[0]!.id;
    await client.query(`INSERT INTO erp.payment_allocations (payment_id, invoice_id, amount) VALUES ($1, $2, $3)`, [paymentId, input.invoiceId, input.amount]);
    await postEntry(client, effect, {
      sourceType: 'payment',
      sourceId: paymentId,
      memo: `Payment ${paymentId} for invoice ${input.invoiceId}`,
      lines: [
        { account: accounts.bank, debit: input.amount },
        { account: accounts.receivable, credit: input.amount },
      ],
    });
    return (await listPayments(client, { paymentId }))[0]!;
  });
}

export async function listPayments(db: Db, filter: { invoiceId?: number; paymentId?: number } = {}): Promise<Payment[]> {
  const { rows } = await db.query<{
    id: number;
    invoice_id: number;
    client_id: number;
    amount: number;
    reference: string | null;
    received_at: Date;
    status: InvoiceStatus;
    amount_paid: number;
    outstanding: number;
  }>(
    `SELECT p.id, a.invoice_id, p.client_id, a.amount, p.reference, p.received_at, i.status, i.amount_paid, i.total - i.amount_paid - i.amount_credited AS outstanding
       FROM erp.payments p JOIN erp.payment_allocations a ON a.payment_id = p.id JOIN erp.invoices i ON i.id = a.invoice_id
      WHERE ($1::bigint IS NULL OR a.invoice_id = $1) AND ($2::bigint IS NULL OR p.id = $2)
      ORDER BY p.id, a.id`,
    [filter.invoiceId ?? null, filter.paymentId ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    invoiceId: row.invoice_id,
    clientId: row.client_id,
    amount: row.amount,
    reference: row.reference,
    receivedAt: row.received_at.toISOString(),
    invoice: { id: row.invoice_id, status: row.status, amountPaid: row.amount_paid, outstanding: row.outstanding },
  }));
}
