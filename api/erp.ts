import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { findInvoice } from '../stores/erp/invoices.js';
import { listJournal, trialBalance } from '../stores/erp/ledger.js';
import { findOrder } from '../stores/erp/orders.js';
import { listPayments } from '../stores/erp/payments.js';
import { createProduct, listProducts } from '../stores/erp/products.js';
import { listShipments } from '../stores/erp/shipments.js';
import { issueCreditNote, listCreditNotes } from '../stores/erp/credit-notes.js';
import { receiveReturn } from '../stores/erp/returns.js';
import { receiveStock, stockLevels, stockValuation } from '../stores/erp/stock.js';
import { createWarehouse, listWarehouses } from '../stores/erp/warehouses.js';
import { DomainError } from '../stores/errors.js';
import { runOnce } from '../stores/idempotency.js';
import { id, money, quantity, sku } from '../stores/values.js';
import type { AuthVariables } from './auth.js';
import { effectKey } from './effect-key.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import {
  creditNoteSchema,
  goodsReturnSchema,
  invoiceSchema,
  journalEntrySchema,
  paymentSchema,
  productSchema,
  salesOrderSchema,
  shipmentSchema,
  stockLevelSchema,
  stockReceiptSchema,
  stockValuationSchema,
  trialBalanceSchema,
  warehouseSchema,
} from './schemas/erp.js';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const optionalId = z.coerce.number().int().positive().optional();

const newProduct = z.object({
  sku,
  name: z.string().trim().min(1).max(200),
  price: money,
  unit: z.string().trim().min(1).max(20).default('pcs'),
  standardCost: money.optional(),
  taxRate: z.number().min(0).lt(1).multipleOf(0.0001).optional(),
});
const newWarehouse = z.object({ code: z.string().trim().regex(/^[A-Z0-9_-]{1,32}$/, 'upper-case letters, digits, _ -'), name: z.string().trim().min(1).max(200) });
const newReceipt = z.object({ sku, warehouse: z.string().trim().min(1), qty: quantity, unitCost: money.optional() });
const lineQuantities = z.array(z.object({ orderLineId: id, qty: quantity })).min(1).max(500);
const newCreditNote = z.object({ lines: lineQuantities.optional(), reason: z.string().trim().min(1).max(1000) });
const newReturn = z.object({ orderId: id, lines: lineQuantities, warehouse: z.string().trim().min(1) });

/** ERP store, CONTRACT §2; mounted at /api/erp behind auth. */
export function erpRoutes(deps: { pool: Pool }) {
  const { pool } = deps;
  return new Hono<{ Variables: AuthVariables }>()
    .get('/products', describe({ summary: 'Products (ERP)', responses: { 200: z.array(productSchema) } }), async (c) => c.json(await listProducts(pool)))
    .post('/products', describe({ summary: 'Create a product {sku, name, price, unit}', responses: { 201: productSchema }, problems: [403, 409, 422] }), validate('json', newProduct), async (c) => c.json(await createProduct(pool, c.req.valid('json')), 201))
    .get('/warehouses', describe({ summary: 'Warehouses', responses: { 200: z.array(warehouseSchema) } }), async (c) => c.json(await listWarehouses(pool)))
    .post('/warehouses', describe({ summary: 'Create a warehouse {code, name}', responses: { 201: warehouseSchema }, problems: [403, 409, 422] }), validate('json', newWarehouse), async (c) => c.json(await createWarehouse(pool, c.req.valid('json')), 201))
    .get('/stock', describe({ summary: 'Stock per product and warehouse {sku, warehouse, onHand, reserved} (?sku=)', responses: { 200: z.array(stockLevelSchema) } }), validate('query', z.object({ sku: sku.optional() })), async (c) => c.json(await stockLevels(pool, c.req.valid('query'))))
    .post('/stock/receipts', describe({ summary: 'Receive stock {sku, warehouse, qty, unitCost?}: Dr Inventory / Cr Goods received not invoiced at cost', responses: { 201: stockReceiptSchema }, problems: [403, 404, 409, 422] }), validate('json', newReceipt), async (c) => {
      const request = c.req.valid('json');
      const receipt = await runOnce(pool, 'erp', { key: effectKey(c), operation: 'erp.receiveStock', request }, (db, effect) => receiveStock(db, effect, request));
      return c.json(receipt, 201);
    })
    .get('/stock/valuation', describe({ summary: 'Stock value per product and warehouse {sku, warehouse, onHand, averageCost, value}; the total equals account 1400', responses: { 200: z.array(stockValuationSchema) } }), async (c) => c.json(await stockValuation(pool)))
    .post('/invoices/:id/credit-notes', describe({ summary: 'Credit an invoice {lines?: [{orderLineId, qty}], reason} (whole invoice without lines): reversing entry, the client owes less', responses: { 201: creditNoteSchema }, problems: [403, 404, 409, 422] }), validate('param', idParam), validate('json', newCreditNote), async (c) => {
      const request = { invoiceId: c.req.valid('param').id, ...c.req.valid('json') };
      const creditNote = await runOnce(pool, 'erp', { key: effectKey(c), operation: 'erp.issueCreditNote', request }, (db, effect) => issueCreditNote(db, effect, request));
      return c.json(creditNote, 201);
    })
    .get('/invoices/:id/credit-notes', describe({ summary: 'The credit notes of an invoice', responses: { 200: z.array(creditNoteSchema) } }), validate('param', idParam), async (c) => c.json(await listCreditNotes(pool, { invoiceId: c.req.valid('param').id })))
    .post('/returns', describe({ summary: 'Receive returned goods {orderId, lines: [{orderLineId, qty}], warehouse}: stock back in at the cost it left with', responses: { 201: goodsReturnSchema }, problems: [403, 404, 409, 422] }), validate('json', newReturn), async (c) => {
      const request = c.req.valid('json');
      const goodsReturn = await runOnce(pool, 'erp', { key: effectKey(c), operation: 'erp.receiveReturn', request }, (db, effect) => receiveReturn(db, effect, request));
      return c.json(goodsReturn, 201);
    })
    .get('/orders/:id', describe({ summary: 'A sales order with its lines (quantities shipped and invoiced)', responses: { 200: salesOrderSchema }, problems: [404] }), validate('param', idParam), async (c) => c.json(found(await findOrder(pool, c.req.valid('param').id), 'sales order')))
    .get('/shipments', describe({ summary: 'Shipments (?orderId=)', responses: { 200: z.array(shipmentSchema) } }), validate('query', z.object({ orderId: optionalId })), async (c) => c.json(await listShipments(pool, c.req.valid('query'))))
    .get('/invoices/:id', describe({ summary: 'An invoice with its lines, tax and status', responses: { 200: invoiceSchema }, problems: [404] }), validate('param', idParam), async (c) => c.json(found(await findInvoice(pool, c.req.valid('param').id), 'invoice')))
    .get('/payments', describe({ summary: 'Payments and their allocations (?invoiceId=)', responses: { 200: z.array(paymentSchema) } }), validate('query', z.object({ invoiceId: optionalId })), async (c) => c.json(await listPayments(pool, c.req.valid('query'))))
    .get('/journal', describe({ summary: 'Posted journal entries with lines (?sourceId=&sourceType=)', responses: { 200: z.array(journalEntrySchema) } }), validate('query', z.object({ sourceId: optionalId, sourceType: z.string().max(64).optional() })), async (c) =>
      c.json(await listJournal(pool, c.req.valid('query'))),
    )
    .get('/trial-balance', describe({ summary: 'The trial balance; totalDebit always equals totalCredit', responses: { 200: trialBalanceSchema } }), async (c) => c.json(await trialBalance(pool)));
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DomainError('NOT_FOUND', `No such ${what}`);
  return value;
}
