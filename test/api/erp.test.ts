import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { erpRoutes } from '../../api/erp.js';
import { createSalesOrder } from '../../stores/erp/orders.js';
import { createShipment } from '../../stores/erp/shipments.js';
import { issueInvoice } from '../../stores/erp/invoices.js';
import { recordPayment } from '../../stores/erp/payments.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { effect } from '../support/shop.js';
import { body, mountStoreApi, post } from '../support/store-api.js';

describe('/api/erp', () => {
  let db: TestDatabase;
  let app: Hono;
  beforeAll(async () => {
    db = await freshDatabase();
    app = mountStoreApi('/api/erp', erpRoutes({ pool: db.pool }) as never);
  });
  afterAll(() => db.drop());

  it('should create products and warehouses, refusing a duplicate SKU with 409', async () => {
    // when
    const product = await app.request('/api/erp/products', post({ sku: 'WIDGET', name: 'Widget', price: 100, unit: 'pcs', standardCost: 60 }));
    const duplicate = await app.request('/api/erp/products', post({ sku: 'WIDGET', name: 'Again', price: 1, unit: 'pcs' }));
    const badPrice = await app.request('/api/erp/products', post({ sku: 'X', name: 'X', price: 1.234, unit: 'pcs' }));
    const warehouse = await app.request('/api/erp/warehouses', post({ code: 'MAIN', name: 'Main' }));
    // then
    expect(product.status).toBe(201);
    expect(await body(product)).toMatchObject({ sku: 'WIDGET', price: 100, unit: 'pcs', standardCost: 60, taxRate: 0.2 });
    expect(duplicate.status).toBe(409);
    expect(badPrice.status).toBe(400);
    expect(warehouse.status).toBe(201);
  });

  it('should receive stock and list it by SKU', async () => {
    // when
    const receipt = await app.request('/api/erp/stock/receipts', post({ sku: 'WIDGET', warehouse: 'MAIN', qty: 7 }, { 'idempotency-key': 'r1' }));
    await app.request('/api/erp/stock/receipts', post({ sku: 'WIDGET', warehouse: 'MAIN', qty: 7 }, { 'idempotency-key': 'r1' }));
    const unknown = await app.request('/api/erp/stock/receipts', post({ sku: 'WIDGET', warehouse: 'NOWHERE', qty: 1 }));
    // then
    expect(receipt.status).toBe(201);
    expect(unknown.status).toBe(404);
    expect(await body(app.request('/api/erp/stock?sku=WIDGET'))).toEqual([{ sku: 'WIDGET', warehouse: 'MAIN', onHand: 7, reserved: 0 }]);
  });

  it('should show an order, its shipments, invoice, payments, journal and a balanced trial balance', async () => {
    // given
    const order = await createSalesOrder(db.pool, effect(), { clientId: 1, creditLimit: null, lines: [{ sku: 'WIDGET', qty: 2 }] });
    const shipment = await createShipment(db.pool, effect(), { orderId: order.id });
    const invoice = await issueInvoice(db.pool, effect(), { orderId: order.id });
    await recordPayment(db.pool, effect(), { invoiceId: invoice.id, amount: 40 });
    // when
    const responses = {
      order: await body(app.request(`/api/erp/orders/${order.id}`)),
      shipments: await body(app.request(`/api/erp/shipments?orderId=${order.id}`)),
      invoice: await body(app.request(`/api/erp/invoices/${invoice.id}`)),
      payments: await body(app.request(`/api/erp/payments?invoiceId=${invoice.id}`)),
      journal: await body(app.request(`/api/erp/journal?sourceType=shipment&sourceId=${shipment.id}`)),
      trial: await body(app.request('/api/erp/trial-balance')),
    };
    // then
    expect(responses.order).toMatchObject({ id: order.id, status: 'invoiced', lines: [{ sku: 'WIDGET', qty: 2, qtyShipped: 2, qtyInvoiced: 2 }] });
    expect(responses.shipments).toMatchObject([{ id: shipment.id, costTotal: 120 }]);
    expect(responses.invoice).toMatchObject({ total: 240, amountPaid: 40, outstanding: 200, status: 'partly_paid' });
    expect(responses.payments).toMatchObject([{ amount: 40 }]);
    expect(responses.journal).toMatchObject([{ lines: [{ account: '5000', debit: 120 }, { account: '1400', credit: 120 }] }]);
    expect(responses.trial.totalDebit).toBe(responses.trial.totalCredit);
    expect((await app.request('/api/erp/orders/999')).status).toBe(404);
    expect((await app.request('/api/erp/invoices/abc')).status).toBe(400);
  });
});
