import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../stores/errors.js';
import { createShipment } from '../../../stores/erp/shipments.js';
import { reserveStock, stockLevels } from '../../../stores/erp/stock.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';
import { effect, openShop, orderFor } from '../../support/shop.js';

describe('erp stock', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
    await openShop(db.pool, [
      { sku: 'WIDGET', warehouse: 'MAIN', qty: 10 },
      { sku: 'GADGET', warehouse: 'MAIN', qty: 3 },
      { sku: 'GADGET', warehouse: 'EAST', qty: 4 },
    ]);
  });
  afterAll(() => db.drop());

  it('should ship exactly 10 when 20 concurrent shipments race for 10 units', async () => {
    // given
    const orders = [];
    for (let i = 0; i < 20; i++) orders.push(await orderFor(db.pool, [{ sku: 'WIDGET', qty: 1 }]));
    // when
    const outcomes = await Promise.allSettled(orders.map((order) => createShipment(db.pool, effect('race'), { orderId: order.id })));
    // then
    const shipped = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as DomainError] : []));
    expect(shipped).toHaveLength(10);
    expect(refused.map((error) => error.code)).toEqual(Array(10).fill('OUT_OF_STOCK'));
    expect(await stockLevels(db.pool, { sku: 'WIDGET' })).toEqual([{ sku: 'WIDGET', warehouse: 'MAIN', onHand: 0, reserved: 0 }]);
    const moves = await db.pool.query(`SELECT sum(on_hand_delta) AS shipped FROM erp.stock_moves WHERE kind = 'shipment'`);
    expect(moves.rows[0].shipped).toBe(-10);
  });

  it('should reserve across warehouses and ship from the reservation', async () => {
    // given
    const order = await orderFor(db.pool, [{ sku: 'GADGET', qty: 5 }]);
    // when
    const reservation = await reserveStock(db.pool, effect(), order.id);
    // then
    expect(reservation.lines.map(({ warehouse, qty }) => ({ warehouse, qty }))).toEqual([
      { warehouse: 'EAST', qty: 4 },
      { warehouse: 'MAIN', qty: 1 },
    ]);
    expect(await stockLevels(db.pool, { sku: 'GADGET' })).toEqual([
      { sku: 'GADGET', warehouse: 'EAST', onHand: 4, reserved: 4 },
      { sku: 'GADGET', warehouse: 'MAIN', onHand: 3, reserved: 1 },
    ]);

    // when
    const shipment = await createShipment(db.pool, effect(), { orderId: order.id });
    // then
    expect(shipment.lines.map(({ warehouse, qty }) => ({ warehouse, qty }))).toEqual([
      { warehouse: 'EAST', qty: 4 },
      { warehouse: 'MAIN', qty: 1 },
    ]);
    expect(await stockLevels(db.pool, { sku: 'GADGET' })).toEqual([
      { sku: 'GADGET', warehouse: 'EAST', onHand: 0, reserved: 0 },
      { sku: 'GADGET', warehouse: 'MAIN', onHand: 2, reserved: 0 },
    ]);
  });

  it('should refuse a reservation that is short, holding nothing', async () => {
    // given
    const order = await orderFor(db.pool, [{ sku: 'GADGET', qty: 1 }, { sku: 'WIDGET', qty: 1 }]);
    // when
    const reserving = reserveStock(db.pool, effect(), order.id);
    // then
    await expect(reserving).rejects.toMatchObject({ code: 'OUT_OF_STOCK', message: expect.stringContaining('WIDGET short by 1') });
    expect((await stockLevels(db.pool, { sku: 'GADGET' })).every((level) => level.reserved === 0)).toBe(true);
  });

  it('should not let one order ship stock reserved for another', async () => {
    // given
    const first = await orderFor(db.pool, [{ sku: 'GADGET', qty: 2 }]);
    const second = await orderFor(db.pool, [{ sku: 'GADGET', qty: 1 }]);
    await reserveStock(db.pool, effect(), first.id);
    // when
    const shipping = createShipment(db.pool, effect(), { orderId: second.id });
    // then
    await expect(shipping).rejects.toMatchObject({ code: 'OUT_OF_STOCK' });
  });

  it('should refuse a stock move that takes on hand below zero, in the database', async () => {
    // when
    const move = db.pool.query(
      `INSERT INTO erp.stock_moves (kind, product_id, warehouse_id, on_hand_delta, idempotency_key, request_hash)
       SELECT 'adjustment', p.id, w.id, -1, 'by-hand', 'x' FROM erp.products p, erp.warehouses w WHERE p.sku = 'WIDGET' AND w.code = 'MAIN'`,
    );
    // then
    await expect(move).rejects.toThrow(/stock_never_negative/);
  });

  it('should refuse UPDATE and DELETE of a stock move', async () => {
    // when / then
    await expect(db.pool.query(`UPDATE erp.stock_moves SET on_hand_delta = 100 WHERE kind = 'receipt'`)).rejects.toThrow(/append-only|never changed/);
    await expect(db.pool.query(`DELETE FROM erp.stock_moves`)).rejects.toThrow(/never changed/);
  });

  it('should refuse writing a stock balance other than through a move', async () => {
    // when / then
    await expect(db.pool.query(`UPDATE erp.stock_balances SET on_hand = on_hand + 100`)).rejects.toThrow(/only through erp.stock_moves/);
  });
});
