import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientBalance, findInvoice, issueInvoice } from '../../../stores/erp/invoices.js';
import { accountBalance, accounts, listJournal, trialBalance } from '../../../stores/erp/ledger.js';
import { findOrder } from '../../../stores/erp/orders.js';
import { listPayments, recordPayment } from '../../../stores/erp/payments.js';
import { createShipment } from '../../../stores/erp/shipments.js';
import { reserveStock, stockLevels } from '../../../stores/erp/stock.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';
import { effect, openShop, orderFor } from '../../support/shop.js';

describe('erp order to cash', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
    await openShop(db.pool, [
      { sku: 'WIDGET', warehouse: 'MAIN', qty: 10 },
      { sku: 'GADGET', warehouse: 'EAST', qty: 10 },
    ]);
  });
  afterAll(() => db.drop());

  it('should post every step and leave the books balanced after order, ship, invoice, partial pay, pay', async () => {
    // given: 2 widgets at 100.00 and 3 gadgets at 19.99, 20 % tax
    const order = await orderFor(db.pool, [{ sku: 'WIDGET', qty: 2 }, { sku: 'GADGET', qty: 3 }], 42);
    expect(order).toMatchObject({ netTotal: 259.97, status: 'open' });

    // when
    await reserveStock(db.pool, effect(), order.id);
    const shipment = await createShipment(db.pool, effect(), { orderId: order.id });
    const invoice = await issueInvoice(db.pool, effect(), { orderId: order.id });
    const partly = await recordPayment(db.pool, effect(), { invoiceId: invoice.id, amount: 100 });
    const paid = await recordPayment(db.pool, effect(), { invoiceId: invoice.id, amount: 211.96 });

    // then: cost 2 x 60 + 3 x 7.50 = 142.50; net 259.97, tax 40 + 11.99 = 51.99, gross 311.96
    expect(shipment.costTotal).toBe(142.5);
    expect(invoice).toMatchObject({ netTotal: 259.97, taxTotal: 51.99, total: 311.96, status: 'issued' });
    expect(partly.invoice).toEqual({ id: invoice.id, status: 'partly_paid', amountPaid: 100, outstanding: 211.96 });
    expect(paid.invoice).toEqual({ id: invoice.id, status: 'paid', amountPaid: 311.96, outstanding: 0 });
    expect(await findOrder(db.pool, order.id)).toMatchObject({ status: 'invoiced' });
    expect(await stockLevels(db.pool)).toEqual([
      { sku: 'GADGET', warehouse: 'EAST', onHand: 7, reserved: 0 },
      { sku: 'WIDGET', warehouse: 'MAIN', onHand: 8, reserved: 0 },
    ]);
    expect(await listJournal(db.pool, { sourceType: 'invoice', sourceId: invoice.id })).toMatchObject([
      {
        lines: [
          { account: '1200', debit: 311.96, credit: 0 },
          { account: '4000', debit: 0, credit: 259.97 },
          { account: '2200', debit: 0, credit: 51.99 },
        ],
      },
    ]);
    expect(await accountBalance(db.pool, accounts.receivable)).toBe(0);
    expect(await accountBalance(db.pool, accounts.bank)).toBe(311.96);
    expect(await accountBalance(db.pool, accounts.costOfGoodsSold)).toBe(142.5);
    expect(await clientBalance(db.pool, 42)).toBe(0);
    const balance = await trialBalance(db.pool);
    expect(balance.totalDebit).toBe(balance.totalCredit);
    expect(await listPayments(db.pool, { invoiceId: invoice.id })).toHaveLength(2);
  });

  it('should refuse over-shipping, in code and in the database', async () => {
    // given
    const order = await orderFor(db.pool, [{ sku: 'WIDGET', qty: 2 }]);
    const lineId = order.lines[0]!.id;
    await createShipment(db.pool, effect(), { orderId: order.id, lines: [{ orderLineId: lineId, qty: 1.5 }] });
    // when
    const tooMuch = createShipment(db.pool, effect(), { orderId: order.id, lines: [{ orderLineId: lineId, qty: 1 }] });
    // then
    await expect(tooMuch).rejects.toMatchObject({ code: 'OVER_SHIPMENT' });
    await expect(db.pool.query(`UPDATE erp.sales_order_lines SET qty_shipped = qty + 1 WHERE id = $1`, [lineId])).rejects.toThrow(/no_over_shipment/);
    // and the rest still ships
    const rest = await createShipment(db.pool, effect(), { orderId: order.id });
    expect(rest.lines).toMatchObject([{ qty: 0.5 }]);
    await expect(createShipment(db.pool, effect(), { orderId: order.id })).rejects.toMatchObject({ code: 'NOTHING_TO_SHIP' });
  });

  it('should invoice only what was delivered and not invoiced yet', async () => {
    // given
    const order = await orderFor(db.pool, [{ sku: 'GADGET', qty: 3 }]);
    await createShipment(db.pool, effect(), { orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, qty: 1 }] });
    // when
    const first = await issueInvoice(db.pool, effect(), { orderId: order.id });
    const nothing = issueInvoice(db.pool, effect(), { orderId: order.id });
    // then
    expect(first.lines).toMatchObject([{ qty: 1, net: 19.99, tax: 4 }]);
    await expect(nothing).rejects.toMatchObject({ code: 'NOTHING_TO_INVOICE' });
    await expect(db.pool.query(`UPDATE erp.sales_order_lines SET qty_invoiced = 3 WHERE order_id = $1`, [order.id])).rejects.toThrow(/no_over_invoicing/);
  });

  it('should refuse a payment above what is outstanding, in code and in the database', async () => {
    // given
    const order = await orderFor(db.pool, [{ sku: 'WIDGET', qty: 1 }]);
    await createShipment(db.pool, effect(), { orderId: order.id });
    const invoice = await issueInvoice(db.pool, effect(), { orderId: order.id });
    await recordPayment(db.pool, effect(), { invoiceId: invoice.id, amount: 100 });
    // when
    const over = recordPayment(db.pool, effect(), { invoiceId: invoice.id, amount: 20.01 });
    // then
    await expect(over).rejects.toMatchObject({ code: 'OVERPAYMENT' });
    const payment = await db.pool.query(
      `INSERT INTO erp.payments (client_id, amount, idempotency_key, request_hash) VALUES (1, 50, 'by-hand', 'x') RETURNING id`,
    );
    await expect(
      db.pool.query(`INSERT INTO erp.payment_allocations (payment_id, invoice_id, amount) VALUES ($1, $2, 20.01)`, [payment.rows[0].id, invoice.id]),
    ).rejects.toThrow(/no_over_allocation/);
    expect(await findInvoice(db.pool, invoice.id)).toMatchObject({ amountPaid: 100, outstanding: 20, status: 'partly_paid' });
  });

  it('should let only one of two concurrent payments take the last outstanding amount', async () => {
    // given
    const order = await orderFor(db.pool, [{ sku: 'GADGET', qty: 1 }]);
    await createShipment(db.pool, effect(), { orderId: order.id });
    const invoice = await issueInvoice(db.pool, effect(), { orderId: order.id });
    // when
    const outcomes = await Promise.allSettled([
      recordPayment(db.pool, effect(), { invoiceId: invoice.id, amount: invoice.total }),
      recordPayment(db.pool, effect(), { invoiceId: invoice.id, amount: invoice.total }),
    ]);
    // then
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await findInvoice(db.pool, invoice.id)).toMatchObject({ status: 'paid', outstanding: 0 });
  });
});
