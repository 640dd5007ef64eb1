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
    .get('/products', async (c) => c.json(await listProducts(pool)))
    .post('/products', validate('json', newProduct), async (c) => c.json(await createProduct(pool, c.req.valid('json')), 201))
    .get('/warehouses', async (c) => c.json(await listWarehouses(pool)))
    .post('/warehouses', validate('json', newWarehouse), async (c) => c.json(await createWarehouse(pool, c.req.valid('json')), 201))
    .get('/stock', validate('query', z.object({ sku: sku.optional() })), async (c) => c.json(await stockLevels(pool, c.req.valid('query'))))
    .post('/stock/receipts', validate('json', newReceipt), async (c) => {
      const request = c.req.valid('json');
      const receipt = await runOnce(pool, 'erp', { key: effectKey(c), operation: 'erp.receiveStock', request }, (db, effect) => receiveStock(db, effect, request));
      return c.json(receipt, 201);
    })
    .get('/stock/valuation', async (c) => c.json(await stockValuation(pool)))
    .post('/invoices/:id/credit-notes', validate('param', idParam), validate('json', newCreditNote), async (c) => {
      const request = { invoiceId: c.req.valid('param').id, ...c.req.valid('json') };
      const creditNote = await runOnce(pool, 'erp', { key: effectKey(c), operation: 'erp.issueCreditNote', request }, (db, effect) => issueCreditNote(db, effect, request));
      return c.json(creditNote, 201);
    })
    .get('/invoices/:id/credit-notes', validate('param', idParam), async (c) => c.json(await listCreditNotes(pool, { invoiceId: c.req.valid('param').id })))
    .post('/returns', validate('json', newReturn), async (c) => {
      const request = c.req.valid('json');
      const goodsReturn = await runOnce(pool, 'erp', { key: effectKey(c), operation: 'erp.receiveReturn', request }, (db, effect) => receiveReturn(db, effect, request));
      return c.json(goodsReturn, 201);
    })
    .get('/orders/:id', validate('param', idParam), async (c) => c.json(found(await findOrder(pool, c.req.valid('param').id), 'sales order')))
    .get('/shipments', validate('query', z.object({ orderId: optionalId })), async (c) => c.json(await listShipments(pool, c.req.valid('query'))))
    .get('/invoices/:id', validate('param', idParam), async (c) => c.json(found(await findInvoice(pool, c.req.valid('param').id), 'invoice')))
    .get('/payments', validate('query', z.object({ invoiceId: optionalId })), async (c) => c.json(await listPayments(pool, c.req.valid('query'))))
    .get('/journal', validate('query', z.object({ sourceId: optionalId, sourceType: z.string().max(64).optional() })), async (c) =>
      c.json(await listJournal(pool, c.req.valid('query'))),
    )
    .get('/trial-balance', async (c) => c.json(await trialBalance(pool)));
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DomainError('NOT_FOUND', `No such ${what}`);
  return value;
}
