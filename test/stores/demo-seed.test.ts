import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClientCard } from '../../stores/client-card.js';
import { listClients } from '../../stores/crm/clients.js';
import { salesFunnel } from '../../stores/crm/funnel.js';
import { seedDemoData } from '../../stores/demo-seed.js';
import { trialBalance } from '../../stores/erp/ledger.js';
import { stockLevels } from '../../stores/erp/stock.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { storeCounts } from '../support/service-task.js';

describe('seedDemoData', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.drop());

  it('should seed clients with cards and history, and stock in two warehouses', async () => {
    // when
    await seedDemoData(db.pool);
    // then
    const clients = await listClients(db.pool);
    expect(clients.map((client) => client.name)).toEqual(['Contoso Retail', 'Fabrikam Industries', 'Northwind Traders']);
    const northwind = await getClientCard(db.pool, clients.find((client) => client.name === 'Northwind Traders')!.id);
    expect(northwind?.legalEntities).toHaveLength(2);
    expect(northwind?.interactions.length).toBeGreaterThanOrEqual(3);
    expect(northwind?.deals.map((deal) => deal.stage).sort()).toEqual(['negotiation', 'proposal', 'won', 'won']);
    const funnel = await salesFunnel(db.pool);
    expect(funnel.find((stage) => stage.stage === 'new')?.medianDaysInStage).toBeGreaterThan(1); // history spread over past weeks
    expect(new Set((await stockLevels(db.pool)).map((level) => level.warehouse))).toEqual(new Set(['MAIN', 'EAST']));
    const balance = await trialBalance(db.pool);
    expect(balance.totalDebit).toBe(balance.totalCredit);
  });

  it('should change nothing when run again', async () => {
    // given
    const before = await storeCounts(db.pool);
    // when
    await seedDemoData(db.pool);
    // then
    expect(await storeCounts(db.pool)).toEqual(before);
  });
});
