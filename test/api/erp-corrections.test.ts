import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erpRoutes } from '../../api/erp.js';
import { clientBalance } from '../../stores/erp/invoices.js';
import { createSalesOrder } from '../../stores/erp/orders.js';
import { createShipment } from '../../stores/erp/shipments.js';
import { issueInvoice } from '../../stores/erp/invoices.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { effect } from '../support/shop.js';
import { body, mountStoreApi, post } from '../support/store-api.js';

/**
 * Corrections without editing history: a credit note and a return leave the books
 * balanced, receivables and inventory equal to their sub-ledgers, and every posted row
 * exactly as it was posted.
 */
describe('/api/erp corrections', () => {
  let db: TestDatabase;
  let app: Hono;
  beforeAll(async () => {
    db = await freshDatabase();
    app = mountStoreApi('/api/erp', erpRoutes({ pool: db.pool }) as never);
    await app.request('/api/erp/warehouses', post({ code: 'MAIN', name: 'Main' }));
    await app.request('/api/erp/products', post({ sku: 'BOLT', name: 'Bolt', price: 0.7, unit: 'pcs', standardCost: 0.1, taxRate: 0.19 }));
  });
  afterAll(() => db.drop());

  const account = async (code: string): Promise<number> => {
    const trial = await body(app.request('/api/erp/trial-balance'));
    expect(trial.totalDebit).toBe(trial.totalCredit);
    return trial.accounts.find((row: { code: string }) => row.code === code).balance;
  };
  const cents = (value: number) => Math.round(value * 100);
  /** Every row the ledger, the stock ledger and the invoices hold, to compare before and after. */
  const postedRows = async () => ({
    entries: (await db.pool.query('SELECT * FROM erp.journal_entries ORDER BY id')).rows,
    lines: (await db.pool.query('SELECT * FROM erp.journal_lines ORDER BY id')).rows,
    moves: (await db.pool.query('SELECT * FROM erp.stock_moves ORDER BY id')).rows,
    invoiceLines: (await db.pool.query('SELECT * FROM erp.invoice_lines ORDER BY id')).rows,
  });

  it('should credit, return and revalue without changing what was posted, with valuation equal to account 1400', async () => {
    // given: bolts bought at three costs that do not divide evenly, then 7 shipped and invoiced
    for (const [qty, unitCost] of [[3, 0.1], [3, 0.13], [1, 0.17]] as const) {
      expect((await app.request('/api/erp/stock/receipts', post({ sku: 'BOLT', warehouse: 'MAIN', qty, unitCost }))).status).toBe(201);
    }
    const order = await createSalesOrder(db.pool, effect(), { clientId: 7, creditLimit: null, lines: [{ sku: 'BOLT', qty: 5 }, { sku: 'BOLT', qty: 2, price: 0.65 }] });
    await createShipment(db.pool, effect(), { orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, qty: 2 }] });
    await createShipment(db.pool, effect(), { orderId: order.id });
    const invoice = await issueInvoice(db.pool, effect(), { orderId: order.id });
    expect(cents(await account('1400'))).toBe(0); // everything received left again
    const before = await postedRows();

    // when: two bolts of the first line come back, then are credited; later the rest of the invoice is cancelled
    const goodsReturn = await app.request('/api/erp/returns', post({ orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, qty: 2 }], warehouse: 'MAIN' }));
    const partial = await app.request(`/api/erp/invoices/${invoice.id}/credit-notes`, post({ lines: [{ orderLineId: order.lines[0]!.id, qty: 2 }], reason: 'Returned: wrong thread' }));
    const tooMuch = await app.request(`/api/erp/invoices/${invoice.id}/credit-notes`, post({ lines: [{ orderLineId: order.lines[0]!.id, qty: 4 }], reason: 'More than invoiced' }));
    const rest = await app.request(`/api/erp/invoices/${invoice.id}/credit-notes`, post({ reason: 'Order cancelled' }));

    // then: each correction posted its own entry; the client owes nothing; stock is back at the cost it left with
    expect(goodsReturn.status).toBe(201);
    expect(partial.status).toBe(201);
    expect(tooMuch.status).toBe(422);
    expect(rest.status).toBe(201);
    const returned = await body(goodsReturn);
    const credited = await body(partial);
    const cancelled = await body(rest);
    expect(credited).toMatchObject({ netTotal: 1.4, taxTotal: 0.27, total: 1.67 });
    expect(cents(credited.total + cancelled.total)).toBe(cents(invoice.total));
    expect(cancelled.invoice).toMatchObject({ status: 'cancelled', outstanding: 0 });
    expect(await clientBalance(db.pool, 7)).toBe(0);
    expect(cents(await account('1200'))).toBe(0); // receivable = the open invoices
    const valuation = (await body(app.request('/api/erp/stock/valuation'))) as Array<{ sku: string; onHand: number; value: number }>;
    expect(valuation).toEqual([expect.objectContaining({ sku: 'BOLT', warehouse: 'MAIN', onHand: 2, value: returned.costTotal })]);
    expect(cents(await account('1400'))).toBe(cents(returned.costTotal)); // inventory = the stock valuation
    expect(cents(await account('5000'))).toBe(cents(0.86 - returned.costTotal)); // 3 x 0.10 + 3 x 0.13 + 0.17, less what came back
    expect(cents(await account('4000'))).toBe(0); // revenue fully reversed
    const after = await postedRows();
    expect(after.entries.slice(0, before.entries.length)).toEqual(before.entries);
    expect(after.lines.slice(0, before.lines.length)).toEqual(before.lines);
    expect(after.moves.slice(0, before.moves.length)).toEqual(before.moves);
    expect(after.invoiceLines).toEqual(before.invoiceLines);
    const journal = await body(app.request(`/api/erp/journal?sourceId=${cancelled.id}&sourceType=credit_note`));
    expect(journal).toEqual([expect.objectContaining({ lines: expect.arrayContaining([expect.objectContaining({ account: '1200', credit: cancelled.total })]) })]);
  });

  it.each([
    ['UPDATE erp.journal_lines SET debit = debit + 1 WHERE id = (SELECT min(id) FROM erp.journal_lines)'],
    ['DELETE FROM erp.stock_moves WHERE id = (SELECT min(id) FROM erp.stock_moves)'],
    ['UPDATE erp.credit_notes SET total = 0'],
    ['DELETE FROM erp.credit_note_lines'],
    ['UPDATE erp.shipment_lines SET cost = 0'],
    ['UPDATE erp.stock_balances SET value = value + 1'],
  ])('should refuse to change posted history: %s', async (statement) => {
    // given the corrections above
    // when
    const attempt = db.pool.query(statement);
    // then
    await expect(attempt).rejects.toThrow(/not allowed|only through erp.stock_moves/);
  });

  it('should give back exactly the invoice when it is credited one unit at a time', async () => {
    // given: 3 bolts at 0.70 with 19 % tax: 2.10 net, 0.40 tax (0.399 rounded), while one bolt's tax rounds to 0.13
    await app.request('/api/erp/stock/receipts', post({ sku: 'BOLT', warehouse: 'MAIN', qty: 3, unitCost: 0.1 }));
    const order = await createSalesOrder(db.pool, effect(), { clientId: 9, creditLimit: null, lines: [{ sku: 'BOLT', qty: 3 }] });
    await createShipment(db.pool, effect(), { orderId: order.id });
    const invoice = await issueInvoice(db.pool, effect(), { orderId: order.id });
    expect(invoice).toMatchObject({ netTotal: 2.1, taxTotal: 0.4, total: 2.5 });
    // when
    const credits = [];
    for (let unit = 0; unit < 3; unit++) {
      credits.push(await body(app.request(`/api/erp/invoices/${invoice.id}/credit-notes`, post({ lines: [{ orderLineId: order.lines[0]!.id, qty: 1 }], reason: `Bolt ${unit + 1} faulty` }))));
    }
    // then: the last credit takes what is left, so nothing stays owed by a rounding cent
    expect(credits.map((credit) => credit.taxTotal)).toEqual([0.13, 0.13, 0.14]);
    expect(credits[2].invoice).toMatchObject({ status: 'cancelled', outstanding: 0 });
    expect(await clientBalance(db.pool, 9)).toBe(0);
  });

  it('should take the last unit out at all the value left, so no rounding residue stays in stock', async () => {
    // given: 3 units worth 1.00 (0.3333... each)
    await app.request('/api/erp/products', post({ sku: 'NUT', name: 'Nut', price: 1, unit: 'pcs', standardCost: 0 }));
    await app.request('/api/erp/stock/receipts', post({ sku: 'NUT', warehouse: 'MAIN', qty: 2, unitCost: 0.33 }));
    await app.request('/api/erp/stock/receipts', post({ sku: 'NUT', warehouse: 'MAIN', qty: 1, unitCost: 0.34 }));
    // when: shipped one at a time
    const order = await createSalesOrder(db.pool, effect(), { clientId: 8, creditLimit: null, lines: [{ sku: 'NUT', qty: 3 }] });
    const costs: number[] = [];
    for (let unit = 0; unit < 3; unit++) costs.push((await createShipment(db.pool, effect(), { orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, qty: 1 }] })).costTotal);
    // then: round(1.00 / 3), round(0.67 / 2), and the last takes what is left: exactly what came in
    expect(costs).toEqual([0.33, 0.34, 0.33]);
    const nut = ((await body(app.request('/api/erp/stock/valuation'))) as Array<{ sku: string; value: number; onHand: number }>).find((row) => row.sku === 'NUT');
    expect(nut).toMatchObject({ onHand: 0, value: 0 });
  });
});
