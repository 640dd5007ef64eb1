import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmRoutes } from '../../api/crm.js';
import { createClient } from '../../stores/crm/clients.js';
import { issueInvoice } from '../../stores/erp/invoices.js';
import { createShipment } from '../../stores/erp/shipments.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { effect, openShop, orderFor } from '../support/shop.js';
import { body, mountStoreApi } from '../support/store-api.js';

describe('/api/crm funnel and ABC analysis', () => {
  let db: TestDatabase;
  let app: Hono;
  beforeAll(async () => {
    db = await freshDatabase();
    app = mountStoreApi('/api/crm', crmRoutes({ pool: db.pool }) as never);
  });
  afterAll(() => db.drop());

  /** A deal as the CRM would have kept it: its stage history with the days it changed. */
  const dealWithHistory = async (clientId: number, amount: number, history: Array<[string, string]>) => {
    const [last] = history.at(-1)!;
    const closed = last === 'won' || last === 'lost' ? history.at(-1)![1] : null;
    const { rows } = await db.pool.query<{ id: number }>(
      `INSERT INTO crm.deals (client_id, title, amount, stage, created_at, closed_at, idempotency_key, request_hash)
       VALUES ($1, 'Deal', $2, $3, $4, $5, gen_random_uuid()::text, 'h') RETURNING id`,
      [clientId, amount, last, history[0]![1], closed],
    );
    let from: string | null = null;
    for (const [stage, at] of history) {
      await db.pool.query(
        `INSERT INTO crm.deal_stage_history (deal_id, from_stage, to_stage, changed_at, idempotency_key, request_hash) VALUES ($1, $2, $3, $4, gen_random_uuid()::text, 'h')`,
        [rows[0]!.id, from, stage, at],
      );
      from = stage;
    }
  };

  it('should count deals per stage, conversion to the next and median days in each, from the stage history', async () => {
    // given: four deals opened in January 2026; one skipped straight from new to won
    const client = await createClient(db.pool, effect(), { name: 'Funnel Corp' });
    await dealWithHistory(client.id, 100, [['new', '2026-01-01T09:00Z'], ['proposal', '2026-01-03T09:00Z'], ['negotiation', '2026-01-07T09:00Z'], ['won', '2026-01-08T09:00Z']]);
    await dealWithHistory(client.id, 200, [['new', '2026-01-01T09:00Z'], ['proposal', '2026-01-05T09:00Z'], ['lost', '2026-01-06T09:00Z']]);
    await dealWithHistory(client.id, 300, [['new', '2026-01-02T09:00Z'], ['won', '2026-01-04T09:00Z']]);
    await dealWithHistory(client.id, 400, [['new', '2026-01-02T09:00Z']]);
    await dealWithHistory(client.id, 999, [['new', '2026-03-01T09:00Z']]); // outside the period
    // when
    const response = await app.request('/api/crm/funnel?from=2026-01-01&to=2026-02-01');
    const backwards = await app.request('/api/crm/funnel?from=2026-02-01&to=2026-01-01');
    // then
    expect(await body(response)).toEqual([
      { stage: 'new', deals: 4, amount: 1000, conversionToNext: 0.75, medianDaysInStage: 2 },
      { stage: 'proposal', deals: 3, amount: 600, conversionToNext: 0.667, medianDaysInStage: 2.5 },
      { stage: 'negotiation', deals: 2, amount: 400, conversionToNext: 1, medianDaysInStage: 1 },
      { stage: 'won', deals: 2, amount: 400, conversionToNext: null, medianDaysInStage: null },
      { stage: 'lost', deals: 1, amount: 200, conversionToNext: null, medianDaysInStage: null },
    ]);
    expect(backwards.status).toBe(400);
  });

  it('should rank clients by net revenue into A (80 %), B (15 %) and C (5 %), and show the class on the card', async () => {
    // given: three clients invoiced 800.00, 150.00 and 50.00 net
    await openShop(db.pool, [{ sku: 'WIDGET', warehouse: 'MAIN', qty: 20 }]);
    const invoiced: Array<[string, number, number]> = [['Big Buyer', 8, 100], ['Mid Buyer', 1, 150], ['Small Buyer', 1, 50]];
    const ids: number[] = [];
    for (const [name, qty, price] of invoiced) {
      const client = await createClient(db.pool, effect(), { name });
      const order = await orderFor(db.pool, [{ sku: 'WIDGET', qty, price }], client.id);
      await createShipment(db.pool, effect(), { orderId: order.id });
      await issueInvoice(db.pool, effect(), { orderId: order.id });
      ids.push(client.id);
    }
    // when
    const abc = await body(app.request('/api/crm/abc'));
    const card = await body(app.request(`/api/crm/clients/${ids[1]}`));
    // then
    expect(abc).toEqual([
      { clientId: ids[0], name: 'Big Buyer', revenue: 800, share: 0.8, cumulativeShare: 0.8, class: 'A' },
      { clientId: ids[1], name: 'Mid Buyer', revenue: 150, share: 0.15, cumulativeShare: 0.95, class: 'B' },
      { clientId: ids[2], name: 'Small Buyer', revenue: 50, share: 0.05, cumulativeShare: 1, class: 'C' },
    ]);
    expect(card.abcClass).toBe('B');
  });
});
