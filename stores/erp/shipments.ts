import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';
import { accounts, postEntry } from './ledger.js';
import { lockOrderLines, type OrderLine } from './orders.js';
import { fromMilli, toMilli } from './quantities.js';
import { insertValuedMove, lockBalances } from './stock.js';

export interface ShipmentLine {
  orderLineId: number;
  sku: string;
  warehouse: string;
  qty: number;
  unitCost: number;
  /** What the goods left the stock value with: exactly what was posted. */
  cost: number;
}

export interface Shipment {
  id: number;
  orderId: number;
  costTotal: number;
  shippedAt: string;
  lines: ShipmentLine[];
}

export interface NewShipment {
  orderId: number;
  /** What to ship; by default everything not yet shipped. Partial delivery is normal. */
  lines?: Array<{ orderLineId: number; qty: number }>;
}

interface Pick {
  line: OrderLine;
  warehouseId: number;
  milli: number;
  /** How much of `milli` was reserved for this line already (and is released by shipping it). */
  reservedMilli: number;
}

/**
 * Takes goods off the shelf for an order: first what was reserved for it, then free stock.
 * More than the order still needs is OVER_SHIPMENT; too little free stock is OUT_OF_STOCK.
 * The balance rows are locked first, so concurrent shipments queue and the stock CHECK
 * is the last word. Posts Dr cost of goods sold / Cr inventory at moving-average cost.
 */
export async function createShipment(db: Db, effect: Effect, input: NewShipment): Promise<Shipment> {
  return atomically(db, async (client) => {
    const orderLines = await lockOrderLines(client, input.orderId);
    const wanted = wantedQuantities(input, orderLines);

    const reservations = await client.query<{ order_line_id: number; warehouse_id: number; reserved: number }>(
      `SELECT order_line_id, warehouse_id, sum(reserved_delta) AS reserved FROM erp.stock_moves
        WHERE order_line_id = ANY($1::bigint[]) GROUP BY order_line_id, warehouse_id HAVING sum(reserved_delta) > 0
        ORDER BY order_line_id, warehouse_id`,
      [orderLines.map((line) => line.id)],
    );
    const balances = await lockBalances(client, orderLines.map((line) => line.productId));
    const picks: Pick[] = [];
    const shortages: string[] = [];
    for (const line of orderLines) {
      let needed = wanted.get(line.id) ?? 0;
      for (const reservation of reservations.rows.filter((row) => row.order_line_id === line.id)) {
        const take = Math.min(needed, toMilli(reservation.reserved));
        if (take <= 0) continue;
        addPick(picks, { line, warehouseId: reservation.warehouse_id, milli: take, reservedMilli: take });
        needed -= take;
      }
      for (const balance of balances.filter((row) => row.productId === line.productId)) {
        const take = Math.min(needed, balance.freeMilli);
        if (take <= 0) continue;
        balance.freeMilli -= take;
        addPick(picks, { line, warehouseId: balance.warehouseId, milli: take, reservedMilli: 0 });
        needed -= take;
      }
      if (needed > 0) shortages.push(`${line.sku} short by ${fromMilli(needed)}`);
    }
    if (shortages.length > 0) throw new DomainError('OUT_OF_STOCK', `Order ${input.orderId} cannot be shipped: ${shortages.join(', ')}`);

    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO erp.shipments (order_id, cost_total, idempotency_key, request_hash) VALUES ($1, 0, $2, $3) RETURNING id`,
      [input.orderId, effect.key, effect.requestHash],
    );
    const shipmentId = rows[0]!.id;
    for (const [index, pick] of picks.entries()) {
      // Goods leave at the moving-average cost of what is on the shelf in that warehouse.
      const move = await insertValuedMove(client, { ...effect, key: `${effect.key}/${index}` }, {
        kind: 'shipment',
        productId: pick.line.productId,
        warehouseId: pick.warehouseId,
        onHandDelta: -fromMilli(pick.milli),
        reservedDelta: -fromMilli(pick.reservedMilli),
        valueDelta: 'average',
        orderLineId: pick.line.id,
        shipmentId,
      });
      await client.query(
        `INSERT INTO erp.shipment_lines (shipment_id, order_line_id, product_id, warehouse_id, qty, cost, unit_cost)
         VALUES ($1, $2, $3, $4, $5, $6, round($6::numeric / $5::numeric, 2))`,
        [shipmentId, pick.line.id, pick.line.productId, pick.warehouseId, fromMilli(pick.milli), -move.valueDelta],
      );
    }
    const cost = await client.query<{ cost_total: number }>(
      `UPDATE erp.shipments SET cost_total = (SELECT sum(cost) FROM erp.shipment_lines WHERE shipment_id = $1)
        WHERE id = $1 RETURNING cost_total`,
      [shipmentId],
    );
    const costTotal = cost.rows[0]!.cost_total;
    await postEntry(client, effect, {
      sourceType: 'shipment',
      sourceId: shipmentId,
      memo: `Shipment ${shipmentId} of order ${input.orderId}`,
      lines: [
        { account: accounts.costOfGoodsSold, debit: costTotal },
        { account: accounts.inventory, credit: costTotal },
      ],
    });
    return (await findShipment(client, shipmentId))!;
  });
}

function wantedQuantities(input: NewShipment, orderLines: OrderLine[]): Map<number, number> {
  const wanted = new Map<number, number>();
  const requested = input.lines ?? orderLines.map((line) => ({ orderLineId: line.id, qty: line.qty - line.qtyShipped }));
  for (const request of requested) {
    const line = orderLines.find((candidate) => candidate.id === request.orderLineId);
    if (!line) throw new DomainError('NOT_FOUND', `Order ${input.orderId} has no line ${request.orderLineId}`);
    const milli = (wanted.get(line.id) ?? 0) + toMilli(request.qty);
    if (milli > toMilli(line.qty) - toMilli(line.qtyShipped)) {
      throw new DomainError('OVER_SHIPMENT', `Line ${line.lineNo} (${line.sku}) has ${fromMilli(toMilli(line.qty) - toMilli(line.qtyShipped))} left to ship, not ${fromMilli(milli)}`);
    }
    if (milli > 0) wanted.set(line.id, milli);
  }
  if (wanted.size === 0) throw new DomainError('NOTHING_TO_SHIP', `Order ${input.orderId} is shipped in full`);
  return wanted;
}

/** One pick per (line, warehouse), so a line drawn from reservation and free stock is one move. */
function addPick(picks: Pick[], pick: Pick): void {
  const same = picks.find((existing) => existing.line.id === pick.line.id && existing.warehouseId === pick.warehouseId);
  if (!same) {
    picks.push(pick);
    return;
  }
  same.milli += pick.milli;
  same.reservedMilli += pick.reservedMilli;
}

export async function findShipment(db: Db, id: number): Promise<Shipment | undefined> {
  return (await queryShipments(db, { id }))[0];
}

export async function listShipments(db: Db, filter: { orderId?: number } = {}): Promise<Shipment[]> {
  return queryShipments(db, filter);
}

async function queryShipments(db: Db, filter: { id?: number; orderId?: number }): Promise<Shipment[]> {
  const { rows } = await db.query<{ id: number; order_id: number; cost_total: number; shipped_at: Date; lines: ShipmentLine[] }>(
    `SELECT s.id, s.order_id, s.cost_total, s.shipped_at,
            json_agg(json_build_object('orderLineId', sl.order_line_id, 'sku', p.sku, 'warehouse', w.code,
                     'qty', sl.qty, 'unitCost', sl.unit_cost, 'cost', sl.cost) ORDER BY sl.order_line_id, w.code) AS lines
       FROM erp.shipments s
       JOIN erp.shipment_lines sl ON sl.shipment_id = s.id
       JOIN erp.products p ON p.id = sl.product_id
       JOIN erp.warehouses w ON w.id = sl.warehouse_id
      WHERE ($1::bigint IS NULL OR s.id = $1) AND ($2::bigint IS NULL OR s.order_id = $2)
      GROUP BY s.id ORDER BY s.id`,
    [filter.id ?? null, filter.orderId ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    orderId: row.order_id,
    costTotal: row.cost_total,
    shippedAt: row.shipped_at.toISOString(),
    lines: row.lines.map((line) => ({ ...line, qty: Number(line.qty), unitCost: Number(line.unitCost), cost: Number(line.cost) })),
  }));
}
