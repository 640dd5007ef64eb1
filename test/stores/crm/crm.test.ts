import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, findClientWithParties } from '../../../stores/crm/clients.js';
import { createDeal, dealStageHistory, setDealStage } from '../../../stores/crm/deals.js';
import { listInteractions, logInteraction } from '../../../stores/crm/interactions.js';
import { createLead, disqualifyLead, qualifyLead } from '../../../stores/crm/leads.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';
import { effect } from '../../support/shop.js';

describe('crm store', () => {
  let db: TestDatabase;
  let clientId: number;
  beforeAll(async () => {
    db = await freshDatabase();
    clientId = (
      await createClient(db.pool, effect(), {
        name: 'Acme Ltd',
        owner: 'anna',
        creditLimit: 25000,
        legalEntities: [
          { name: 'Acme Trading GmbH', taxId: 'DE111' },
          { name: 'Acme Logistics BV', taxId: 'NL222' },
        ],
        contacts: [{ name: 'Jane Doe', role: 'Buyer', email: 'jane@acme.example' }],
      })
    ).id;
  });
  afterAll(() => db.drop());

  it('should keep a client with several legal entities and its contacts', async () => {
    // when
    const client = await findClientWithParties(db.pool, clientId);
    // then
    expect(client).toMatchObject({
      name: 'Acme Ltd',
      owner: 'anna',
      creditLimit: 25000,
      legalEntities: [{ name: 'Acme Trading GmbH' }, { name: 'Acme Logistics BV' }],
      contacts: [{ name: 'Jane Doe', role: 'Buyer' }],
    });
  });

  it('should append interactions and refuse to edit or delete them', async () => {
    // given
    const call = await logInteraction(db.pool, effect(), { clientId, kind: 'call', summary: 'Intro call', by: 'anna' });
    // when / then
    await expect(db.pool.query(`UPDATE crm.interactions SET summary = 'rewritten' WHERE id = $1`, [call.id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM crm.interactions WHERE id = $1`, [call.id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`INSERT INTO crm.interactions (client_id, kind, summary, idempotency_key, request_hash) VALUES ($1, 'fax', 'x', 'k', 'h')`, [clientId])).rejects.toThrow(
      /check constraint/,
    );
    expect(await listInteractions(db.pool, clientId)).toMatchObject([{ kind: 'call', summary: 'Intro call', by: 'anna' }]);
  });

  it('should record who moved a deal when, show it in the history, and refuse editing that record', async () => {
    // given
    const deal = await createDeal(db.pool, effect(), { clientId, title: 'Fleet renewal', amount: 12000, by: 'anna' });
    // when
    await setDealStage(db.pool, effect(), { dealId: deal.id, stage: 'proposal', by: 'anna' });
    const lost = await setDealStage(db.pool, effect(), { dealId: deal.id, stage: 'lost', by: 'boris' });
    // then
    expect(lost).toMatchObject({ stage: 'lost', owner: 'anna', closedAt: expect.any(String) });
    expect(await dealStageHistory(db.pool, deal.id)).toMatchObject([
      { fromStage: null, toStage: 'new', by: 'anna' },
      { fromStage: 'new', toStage: 'proposal', by: 'anna' },
      { fromStage: 'proposal', toStage: 'lost', by: 'boris' },
    ]);
    expect((await listInteractions(db.pool, clientId)).filter((item) => item.kind === 'stage_change')).toHaveLength(2);
    await expect(setDealStage(db.pool, effect(), { dealId: deal.id, stage: 'won' })).rejects.toMatchObject({ code: 'INVALID_STAGE' });
    await expect(db.pool.query(`UPDATE crm.deal_stage_history SET changed_by = 'x'`)).rejects.toThrow(/append-only/);
  });

  it('should refuse a qualified lead without a client, and qualifying a disqualified one', async () => {
    // given
    const lead = await createLead(db.pool, effect(), { name: 'Eve', company: 'Evil Corp' });
    // when / then
    await expect(db.pool.query(`UPDATE crm.leads SET status = 'qualified' WHERE id = $1`, [lead.id])).rejects.toThrow(/check constraint/);
    await disqualifyLead(db.pool, lead.id);
    await expect(qualifyLead(db.pool, effect(), lead.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('should refuse a negative credit limit and a negative deal amount', async () => {
    // when / then
    await expect(createClient(db.pool, effect(), { name: 'Broke', creditLimit: -1 })).rejects.toThrow(/check constraint/);
    await expect(createDeal(db.pool, effect(), { clientId, title: 'x', amount: -5 })).rejects.toThrow(/check constraint/);
  });
});
