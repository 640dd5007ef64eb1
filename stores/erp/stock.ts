import type { PoolClient } from '../db.js';
import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';
import { accounts, postEntry } from './ledger.js';
import { lockOrderLines } from './orders.js';
import { fromMilli, toMilli } from './quantities.js';

export interface StockLevel {
  sku: string;
  warehouse: string;
  onHand: number;
  reserved: number;
}

export async function stockLevels(db: Db, filter: { sku?: string } = {}): Promise<StockLevel[]> {
  const { rows } = await db.query<StockLevel>(
    `SELECT p.sku, w.code AS warehouse, b.on_hand AS "onHand", b.reserved
       FROM erp.stock_balances b JOIN erp.products p ON p.id = b.product_id JOIN erp.warehouses w ON w.id = b.warehouse_id
      WHERE ($1::text IS NULL OR p.sku = $1) ORDER BY p.sku, w.code`,
    [filter.sku ?? null],
  );
  return rows;
}

export interface StockReceipt extends StockLevel {
  moveId: number;
  qty: number;
  unitCost: number;
  /** What the receipt added to the stock value (and to account 1400). */
  value: number;
}

/**
 * Goods in at their unit cost (the product's standard cost when none is given): stock and
 * its running value go up, posting Dr inventory / Cr goods received not invoiced.
 */
export async function receiveStock(db: Db, effect: Effect, input: { sku: string; warehouse: string; qty: number; unitCost?: number | undefined }): Promise<StockReceipt> {
  return atomically(db, async (client) => {
    const { rows } = await client.query<{ product_id: number; warehouse_id: number; value: number; unit_cost: number }>(
      `SELECT p.id AS product_id, w.id AS warehouse_id, round($3::numeric * coalesce($4::numeric, p.standard_cost), 2) AS value,
              coalesce($4::numeric, p.standard_cost) AS unit_cost
         FROM erp.products p, erp.warehouses w WHERE p.sku = $1 AND w.code = $2`,
      [input.sku, input.warehouse, input.qty, input.unitCost ?? null],
    );
    const target = rows[0];
    if (!target) throw new DomainError('NOT_FOUND', `No product ${input.sku} or no warehouse ${input.warehouse}`);
    const moveId = await insertMove(client, { ...effect, key: `${effect.key}/0` }, {
      kind: 'receipt',
      productId: target.product_id,
      warehouseId: target.warehouse_id,
      onHandDelta: input.qty,
      valueDelta: target.value,
      unitCost: target.unit_cost,
    });
    await postEntry(client, effect, {
      sourceType: 'stock_receipt',
      sourceId: moveId,
      memo: `Receipt of ${input.qty} ${input.sku} into ${input.warehouse}`,
      lines: [
        { account: accounts.inventory, debit: target.value },
        { account: accounts.goodsReceivedNotInvoiced, credit: target.value },
      ],
    });
    const here = (await stockLevels(client, { sku: input.sku })).find((row) => row.warehouse === input.warehouse)!;
    return { ...here, moveId, qty: input.qty, unitCost: target.unit_cost, value: target.value };
  });
}

export interface Reservation {
  orderId: number;
  lines: Array<{ orderLineId: number; lineNo: number; sku: string; warehouse: string; qty: number }>;
}

/**
 * Reserves everything the order still needs, all or nothing: when any line is short the
 * whole reservation is refused with OUT_OF_STOCK and nothing is held. Warehouses are
 * drawn on in code order.
 */
export async function reserveStock(db: Db, effect: Effect, orderId: number): Promise<Reservation> {
  return atomically(db, async (client) => {
    const lines = await lockOrderLines(client, orderId);
    const balances = await lockBalances(client, lines.map((line) => line.productId));
    const plan: Reservation['lines'] = [];
    const planned: Array<{ orderLineId: number; productId: number; warehouseId: number; milli: number }> = [];
    const shortages: string[] = [];
    for (const line of lines) {
      let needed = toMilli(line.qty) - toMilli(line.qtyShipped) - toMilli(line.qtyReserved);
      for (const balance of balances.filter((row) => row.productId === line.productId)) {
        const take = Math.min(needed, balance.freeMilli);
        if (take <= 0) continue;
        balance.freeMilli -= take;
        needed -= take;
        planned.push({ orderLineId: line.id, productId: line.productId, warehouseId: balance.warehouseId, milli: take });
        plan.push({ orderLineId: line.id, lineNo: line.lineNo, sku: line.sku, warehouse: balance.warehouse, qty: fromMilli(take) });
      }
      if (needed > 0) shortages.push(`${line.sku} short by ${fromMilli(needed)}`);
    }
    if (shortages.length > 0) throw new DomainError('OUT_OF_STOCK', `Order ${orderId} cannot be reserved: ${shortages.join(', ')}`);
    for (const [index, move] of planned.entries()) {
      await insertMove(client, { ...effect, key: `${effect.key}/${index}` }, {
        kind: 'reservation',
        productId: move.productId,
        warehouseId: move.warehouseId,
        reservedDelta: fromMilli(move.milli),
        orderLineId: move.orderLineId,
      });
    }
    return { orderId, lines: plan };
  });
}

export interface LockedBalance {
  productId: number;
  warehouseId: number;
  warehouse: string;
  onHandMilli: number;
  reservedMilli: number;
  /** On hand and not promised to anyone. */
  freeMilli: number;
}

/**
 * Locks the balance rows of these products, always in (product, warehouse) order so that
 * concurrent shipments cannot deadlock; a waiting caller then reads the committed numbers.
 */
export async function lockBalances(client: PoolClient, productIds: number[]): Promise<LockedBalance[]> {
  const { rows } = await client.query<{ product_id: number; warehouse_id: number; warehouse: string; on_hand: number; reserved: number }>(
    `SELECT b.product_id, b.warehouse_id, w.code AS warehouse, b.on_hand, b.reserved
       FROM erp.stock_balances b JOIN erp.warehouses w ON w.id = b.warehouse_id
      WHERE b.product_id = ANY($1::bigint[]) ORDER BY b.product_id, w.code, b.warehouse_id FOR UPDATE OF b`,
    [[...new Set(productIds)]],
  );
  return rows.map((row) => ({
    productId: row.product_id,
    warehouseId: row.warehouse_id,
    warehouse: row.warehouse,
    onHandMilli: toMilli(row.on_hand),
    reservedMilli: toMilli(row.reserved),
    freeMilli: toMilli(row.on_hand) - toMilli(row.reserved),
  }));
}

export interface NewStockMove {
  kind: 'receipt' | 'reservation' | 'release' | 'shipment' | 'adjustment' | 'return';
  productId: number;
  warehouseId: number;
  onHandDelta?: number;
  reservedDelta?: number;
  /**
   * What the move changes the stock value by, exactly what it posts to Inventory.
   * 'average' (goods out): the share of the balance's running value that the quantity
   * is of what is on hand, so taking the last unit takes all the value that is left.
   */
  valueDelta?: number | 'average';
  unitCost?: number;
  orderLineId?: number;
  shipmentId?: number;
  returnId?: number;
}

/**
 * The only way stock changes: the move's trigger updates the balance (quantities and
 * value) and the order line. Returns the move's id and its value change.
 */
export async function insertMove(client: PoolClient, effect: Effect, move: NewStockMove): Promise<number> {
  return (await insertValuedMove(client, effect, move)).id;
}

export async function insertValuedMove(client: PoolClient, effect: Effect, move: NewStockMove): Promise<{ id: number; valueDelta: number }> {
  const average = move.valueDelta === 'average';
  const { rows } = await client.query<{ id: number; value_delta: number }>(
    `INSERT INTO erp.stock_moves (kind, product_id, warehouse_id, on_hand_delta, reserved_delta, order_line_id, shipment_id, return_id,
                                  unit_cost, idempotency_key, request_hash, value_delta)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
            CASE WHEN $12::boolean
                 THEN coalesce((SELECT -round(b.value * (-$4::numeric) / b.on_hand, 2) FROM erp.stock_balances b
                                 WHERE b.product_id = $2 AND b.warehouse_id = $3 AND b.on_hand > 0), 0)
                 ELSE $13::numeric END
     RETURNING id, value_delta`,
    [
      move.kind,
      move.productId,
      move.warehouseId,
      move.onHandDelta ?? 0,
      move.reservedDelta ?? 0,
      move.orderLineId ?? null,
      move.shipmentId ?? null,
      move.returnId ?? null,
      move.unitCost ?? null,
      effect.key,
      effect.requestHash,
      average,
      average ? 0 : (move.valueDelta ?? 0),
    ],
  );
  return { id: rows[0]!.id, valueDelta: rows[0]!.value_delta };
}

export interface StockValuation {
  sku: string;
  warehouse: string;
  onHand: number;
  /** Running value over quantity on hand, to 4 decimals (shown, never used to post). */
  averageCost: number;
  value: number;
}

/** Per product and warehouse, the running stock value: its total is account 1400 to the cent. */
export async function stockValuation(db: Db): Promise<StockValuation[]> {
  const { rows } = await db.query<StockValuation>(
    `SELECT p.sku, w.code AS warehouse, b.on_hand AS "onHand",
            CASE WHEN b.on_hand > 0 THEN round(b.value / b.on_hand, 4) ELSE 0 END AS "averageCost", b.value
       FROM erp.stock_balances b JOIN erp.products p ON p.id = b.product_id JOIN erp.warehouses w ON w.id = b.warehouse_id
      ORDER BY p.sku, w.code`,
  );
  return rows;
}
