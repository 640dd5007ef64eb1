import type { Pool } from '../../stores/db.js';
import { hashRequest, type Effect } from '../../stores/idempotency.js';
import { createProduct } from '../../stores/erp/products.js';
import { receiveStock } from '../../stores/erp/stock.js';
import { createWarehouse } from '../../stores/erp/warehouses.js';
import { createSalesOrder, type SalesOrder } from '../../stores/erp/orders.js';

let counter = 0;

/** A fresh effect for store calls made directly in tests (services go through runOnce). */
export function effect(label = 'test'): Effect {
  counter += 1;
  const key = `${label}:${process.pid}:${counter}`;
  return { key, requestHash: hashRequest(label, key) };
}

/**
 * Two warehouses and two products: WIDGET (100.00, cost 60.00, 20 % tax) and GADGET
 * (19.99, cost 7.50, 20 % tax), with the given stock received at standard cost.
 */
export async function openShop(pool: Pool, stock: Array<{ sku: 'WIDGET' | 'GADGET'; warehouse: 'MAIN' | 'EAST'; qty: number }> = []): Promise<void> {
  await createWarehouse(pool, { code: 'MAIN', name: 'Main warehouse' });
  await createWarehouse(pool, { code: 'EAST', name: 'East depot' });
  await createProduct(pool, { sku: 'WIDGET', name: 'Widget', price: 100, unit: 'pcs', standardCost: 60, taxRate: 0.2 });
  await createProduct(pool, { sku: 'GADGET', name: 'Gadget', price: 19.99, unit: 'pcs', standardCost: 7.5, taxRate: 0.2 });
  for (const receipt of stock) await receiveStock(pool, effect('receipt'), receipt);
}

export async function orderFor(pool: Pool, lines: Array<{ sku: string; qty: number; price?: number }>, clientId = 1): Promise<SalesOrder> {
  return createSalesOrder(pool, effect('order'), { clientId, creditLimit: null, lines });
}
