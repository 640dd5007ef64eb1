import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmCreateDeal } from '../../../activities/service-tasks/crm.createDeal.js';
import { crmGetClientCard } from '../../../activities/service-tasks/crm.getClientCard.js';
import { crmLogInteraction } from '../../../activities/service-tasks/crm.logInteraction.js';
import { crmQualifyLead } from '../../../activities/service-tasks/crm.qualifyLead.js';
import { crmSetDealStage } from '../../../activities/service-tasks/crm.setDealStage.js';
import type { ServiceTaskType } from '../../../activities/service-tasks/types.js';
import { createClient } from '../../../stores/crm/clients.js';
import { dealStageHistory } from '../../../stores/crm/deals.js';
import { createLead } from '../../../stores/crm/leads.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';
import { callTask, storeCounts } from '../../support/service-task.js';
import { effect } from '../../support/shop.js';

describe('crm service tasks', () => {
  let db: TestDatabase;
  let clientId: number;
  let leadId: number;
  let dealId: number;
  beforeAll(async () => {
    db = await freshDatabase();
    clientId = (await createClient(db.pool, effect(), { name: 'Acme Ltd', owner: 'anna', creditLimit: 1000 })).id;
    leadId = (await createLead(db.pool, effect(), { name: 'Bob Baker', company: 'Baker & Sons', email: 'bob@baker.example' })).id;
    dealId = ((await callTask(crmCreateDeal, db.pool, { clientId, title: 'Setup', amount: 500 }, 'wf-setup:Deal:0')) as { id: number }).id;
  });
  afterAll(() => db.drop());

  // One line per type: variables for a first run, and different variables for the same key.
  const cases: Array<[string, () => ServiceTaskType<never>, () => Record<string, unknown>, () => Record<string, unknown>]> = [
    ['crm.qualifyLead', () => crmQualifyLead as ServiceTaskType<never>, () => ({ leadId }), () => ({ leadId: leadId + 1 })],
    ['crm.createDeal', () => crmCreateDeal as ServiceTaskType<never>, () => ({ clientId, title: 'Pilot', amount: 1200.5 }), () => ({ clientId, title: 'Pilot', amount: 1300 })],
    ['crm.setDealStage', () => crmSetDealStage as ServiceTaskType<never>, () => ({ dealId, stage: 'proposal' }), () => ({ dealId, stage: 'lost' })],
    ['crm.logInteraction', () => crmLogInteraction as ServiceTaskType<never>, () => ({ clientId, kind: 'call', summary: 'Asked for a quote' }), () => ({ clientId, kind: 'call', summary: 'Other' })],
  ];

  it.each(cases)('should change the stores once when %s runs twice with one key', async (type, task, variables) => {
    // given
    const key = `wf-${type}:Task_1:0`;
    const before = await storeCounts(db.pool);
    // when
    const first = await callTask(task(), db.pool, { ...variables(), unrelated: 'ignored' }, key);
    const afterFirst = await storeCounts(db.pool);
    const second = await callTask(task(), db.pool, variables(), key);
    // then
    expect(second).toEqual(first);
    expect(afterFirst).not.toEqual(before);
    expect(await storeCounts(db.pool)).toEqual(afterFirst);
  });

  it.each(cases)('should refuse %s repeated with one key and different variables', async (type, task, _variables, different) => {
    // when
    const repeat = callTask(task(), db.pool, different(), `wf-${type}:Task_1:0`);
    // then
    await expect(repeat).rejects.toMatchObject({ name: 'ServiceTaskInputError', field: '(variables)', message: expect.stringContaining('IDEMPOTENCY_CONFLICT') });
  });

  it('should qualify a lead into a new client card with the lead as contact', async () => {
    // when
    const lead = (await callTask(crmQualifyLead, db.pool, { leadId }, 'wf-q:Task_1:0')) as { status: string; clientId: number };
    const card = (await callTask(crmGetClientCard, db.pool, { clientId: lead.clientId }, 'wf-q:Card:0')) as { name: string; contacts: Array<{ name: string }> };
    // then
    expect(lead.status).toBe('qualified');
    expect(card).toMatchObject({ name: 'Baker & Sons', contacts: [{ name: 'Bob Baker', email: 'bob@baker.example' }] });
  });

  it('should link a lead to the existing client with the company name', async () => {
    // given
    const other = await createLead(db.pool, effect(), { name: 'Carol', company: 'ACME LTD' });
    // when
    const lead = await callTask(crmQualifyLead, db.pool, { leadId: other.id }, 'wf-link:Task_1:0');
    // then
    expect(lead).toMatchObject({ status: 'qualified', clientId });
  });

  it('should read the client card with history, deals and an ERP balance', async () => {
    // when
    const card = await callTask(crmGetClientCard, db.pool, { clientId }, 'wf-card:Task_1:0');
    // then
    expect(card).toMatchObject({
      id: clientId,
      name: 'Acme Ltd',
      owner: 'anna',
      creditLimit: 1000,
      legalEntities: [],
      interactions: expect.arrayContaining([expect.objectContaining({ kind: 'call', summary: 'Asked for a quote' })]),
      deals: expect.arrayContaining([expect.objectContaining({ title: 'Setup' })]),
      orders: [],
      invoices: [],
      balance: 0,
    });
  });

  it('should throw the BPMN error UNKNOWN_CLIENT for a client that does not exist', async () => {
    // when / then
    await expect(callTask(crmGetClientCard, db.pool, { clientId: 999 }, 'wf-x:Task_1:0')).rejects.toMatchObject({ name: 'BpmnError', code: 'UNKNOWN_CLIENT' });
    await expect(callTask(crmCreateDeal, db.pool, { clientId: 999, title: 'x', amount: 1 }, 'wf-x:Task_2:0')).rejects.toMatchObject({ name: 'BpmnError', code: 'UNKNOWN_CLIENT' });
    await expect(callTask(crmLogInteraction, db.pool, { clientId: 999, kind: 'note', summary: 'x' }, 'wf-x:Task_3:0')).rejects.toMatchObject({ code: 'UNKNOWN_CLIENT' });
  });

  it('should keep every stage change with who and when, and refuse to reopen a closed deal', async () => {
    // when
    await callTask(crmSetDealStage, db.pool, { dealId, stage: 'negotiation' }, 'wf-s:Stage:1');
    const won = await callTask(crmSetDealStage, db.pool, { dealId, stage: 'won' }, 'wf-s:Stage:2');
    const reopen = callTask(crmSetDealStage, db.pool, { dealId, stage: 'proposal' }, 'wf-s:Stage:3');
    // then
    expect(won).toMatchObject({ stage: 'won', closedAt: expect.any(String) });
    await expect(reopen).rejects.toMatchObject({ name: 'ServiceTaskInputError', message: expect.stringContaining('INVALID_STAGE') });
    expect((await dealStageHistory(db.pool, dealId)).map((change) => change.toStage)).toEqual(['new', 'proposal', 'negotiation', 'won']);
  });

  it('should refuse variables that do not fit, naming the field', () => {
    // when / then
    expect(() => crmSetDealStage.input.parse({ dealId, stage: 'closed' })).toThrow(/stage/);
    expect(() => crmCreateDeal.input.parse({ clientId, title: 'x', amount: 1.005 })).toThrow(/two decimals/);
  });
});
