import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';
import { accounts, postEntry } from './ledger.js';
import { lockOrderLines } from './orders.js';
import { fromMilli, toMilli } from './quantities.js';
import { insertValuedMove } from './stock.js';

export interface GoodsReturn {
  id: number;
  orderId: number;
  costTotal: number;
  receivedAt: string;
  lines: Array<{ orderLineId: number; sku: string; warehouse: string; qty: number; cost: number }>;
}

export interface NewReturn {
  orderId: number;
  lines: Array<{ orderLineId: number; qty: number }>;
  warehouse: string;
}

/**
 * Goods a client sends back: stock moves back in at the cost they left with (the order
 * line's shipped cost, shared out so that returning everything gives back exactly that
 * cost), posting Dr inventory / Cr cost of goods sold. More than was shipped and not yet
 * returned is OVER_RETURN. What the client owes changes only with a credit note.
 */
export async function receiveReturn(db: Db, effect: Effect, input: NewReturn): Promise<GoodsReturn> {
  return atomically(db, async (client) => {
    const orderLines = await lockOrderLines(client, input.orderId);
    const { rows: warehouses } = await client.query<{ id: number }>(`SELECT id FROM erp.warehouses WHERE code = $1`, [input.warehouse]);
    const warehouseId = warehouses[0]?.id;
    if (warehouseId === undefined) throw new DomainError('NOT_FOUND', `No warehouse ${input.warehouse}`);
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO erp.returns (order_id, cost_total, idempotency_key, request_hash) VALUES ($1, 0, $2, $3) RETURNING id`,
      [input.orderId, effect.key, effect.requestHash],
    );
    const returnId = rows[0]!.id;
    for (const [index, request] of input.lines.entries()) {
      const line = orderLines.find((candidate) => candidate.id === request.orderLineId);
      if (!line) throw new DomainError('NOT_FOUND', `Order ${input.orderId} has no line ${request.orderLineId}`);
      const returnedMilli = toMilli(line.qtyReturned) + toMilli(input.lines.slice(0, index).filter((r) => r.orderLineId === line.id).reduce((sum, r) => sum + r.qty, 0));
      if (returnedMilli + toMilli(request.qty) > toMilli(line.qtyShipped)) {
        throw new DomainError('OVER_RETURN', `Line ${line.lineNo} (${line.sku}) has ${fromMilli(toMilli(line.qtyShipped) - returnedMilli)} shipped and not returned, not ${request.qty}`);
      }
      // Cost shared out cumulatively: round(C * (r + q) / Q) - round(C * r / Q) telescopes to C.
      const { rows: costs } = await client.query<{ value: number }>(
        `SELECT round(s.cost * ($2::numeric + $3::numeric) / s.qty, 2) - round(s.cost * $2::numeric / s.qty, 2) AS value
           FROM (SELECT sum(cost) AS cost, sum(qty) AS qty FROM erp.shipment_lines WHERE order_line_id = $1) s`,
        [line.id, fromMilli(returnedMilli), request.qty],
      );
      await insertValuedMove(client, { ...effect, key: `${effect.key}/${index}` }, {
        kind: 'return',
        productId: line.productId,
        warehouseId,
        onHandDelta: request.qty,
        valueDelta: costs[0]!.value,
        orderLineId: line.id,
        returnId,
      });
    }
    const { rows: totals } = await client.query<{ cost_total: number }>(
      `UPDATE erp.returns SET cost_total = (SELECT coalesce(sum(value_delta), 0) FROM erp.stock_moves WHERE return_id = $1) WHERE id = $1 RETURNING cost_total`,
      [returnId],
    );
    const costTotal = totals[0]!.cost_total;
    await postEntry(client, effect, {
      sourceType: 'return',
      sourceId: returnId,
      memo: `Return ${returnId} of order ${input.orderId} into ${input.warehouse}`,
      lines: [
        { account: accounts.inventory, debit: costTotal },
        { account: accounts.costOfGoodsSold, credit: costTotal },
      ],
    });
    return (await findReturn(client, returnId))!;
  });
}

export async function findReturn(db: Db, id: number): Promise<GoodsReturn | undefined> {
  const { rows } = await db.query<{ id: number; order_id: number; cost_total: number; received_at: Date; lines: GoodsReturn['lines'] }>(
    `SELECT r.id, r.order_id, r.cost_total, r.received_at,
            json_agg(json_build_object('orderLineId', m.order_line_id, 'sku', p.sku, 'warehouse', w.code, 'qty', m.on_hand_delta, 'cost', m.value_delta) ORDER BY m.id) AS lines
       FROM erp.returns r JOIN erp.stock_moves m ON m.return_id = r.id
       JOIN erp.products p ON p.id = m.product_id JOIN erp.warehouses w ON w.id = m.warehouse_id
      WHERE r.id = $1 GROUP BY r.id`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    orderId: row.order_id,
    costTotal: row.cost_total,
    receivedAt: row.received_at.toISOString(),
    lines: row.lines.map((line) => ({ ...line, qty: Number(line.qty), cost: Number(line.cost) })),
  };
}
