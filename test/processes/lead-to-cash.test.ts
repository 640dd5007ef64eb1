import { describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually, inboxTask, instanceOf, useProcessRunner } from '../support/process-runner.js';

/**
 * The flagship process, end to end through the HTTP API as the employees who own each
 * step would drive it: a lead becomes a client, a deal, an order that waits for stock,
 * a shipment, an invoice paid in two parts. The books must come out exact.
 */
describe('lead-to-cash.bpmn', () => {
  const t = useProcessRunner('lead-to-cash-test', {
    sales: ['sam.sales', ['sales']],
    manager: ['mia.manager', ['sales-managers', 'managers']],
    warehouse: ['wes.warehouse', ['warehouse']],
    accounting: ['alice.accounting', ['accounting']],
  });
  const complete = async (headers: Record<string, string>, instanceId: string, elementId: string, variables: object) => {
    const task = await inboxTask(t.api, headers, instanceId, elementId);
    const claimed = await t.post(`/api/tasks/${task.id}/claim`, headers, {});
    expect(claimed.status, `claim ${elementId}`).toBe(200);
    const response = await t.post(`/api/tasks/${task.id}/complete`, headers, { variables });
    expect(response.status, `complete ${elementId}: ${JSON.stringify(await response.clone().json())}`).toBe(200);
    return task;
  };
  /** The bank's payment notice; a notice that arrives before the wait is armed is sent again, as a bank would. */
  const pay = (invoiceId: number, amount: number) =>
    eventually(async () => {
      const response = await t.post('/api/messages', t.as.accounting!, { name: 'payment-received', correlationKey: String(invoiceId), variables: { amount } });
      return response.status === 404 ? undefined : readJson(response);
    }, `payment ${amount} correlated`);
  const stockOf = async (sku: string) => {
    const levels = (await readJson(await t.api.app.request(`/api/erp/stock?sku=${sku}`, { headers: t.as.warehouse! }))) as Array<{ onHand: number }>;
    return levels.reduce((sum, level) => sum + level.onHand, 0);
  };

  it('should take a lead through deal, back-order, shipment, invoice and two payments to cash, with exact books', async () => {
    // given: a lead, a product with 1 unit in stock (the order needs 4)
    const began = Date.now();
    expect((await t.post('/api/erp/warehouses', t.as.warehouse!, { code: 'MAIN', name: 'Main warehouse' })).status).toBe(201);
    expect((await t.post('/api/erp/products', t.as.warehouse!, { sku: 'WID-1', name: 'Widget', price: 250, standardCost: 100, taxRate: 0.2 })).status).toBe(201);
    expect((await t.post('/api/erp/stock/receipts', t.as.warehouse!, { sku: 'WID-1', warehouse: 'MAIN', qty: 1 })).status).toBe(201);
    const lead = await readJson(await t.post('/api/crm/leads', t.as.sales!, { name: 'Peter Gibbons', company: 'Initech' }));

    // when: sales starts the process for the lead
    const started = await readJson(await t.post('/api/process-instances', t.as.sales!, { processKey: 'lead-to-cash', businessKey: `lead-${lead.id}`, variables: { leadId: lead.id } }));
    const instanceId = started.instanceId as string;
    await complete(t.as.sales!, instanceId, 'Task_qualifyLead', { qualified: true });
    await complete(t.as.sales!, instanceId, 'Task_prepareProposal', {
      title: 'Widgets for Initech',
      amount: 1000,
      discountPercent: 15,
      lines: [{ sku: 'WID-1', qty: 4, price: 250 }],
    });

    // then: a 15 % discount goes to a sales manager, whom the warehouse cannot stand in for
    const approval = await inboxTask(t.api, t.as.manager!, instanceId, 'Task_approveDiscount');
    expect(approval.candidateGroups).toEqual(['sales-managers']);
    expect((await t.post(`/api/tasks/${approval.id}/complete`, t.as.warehouse!, { variables: {} })).status).toBe(403);
    await complete(t.as.manager!, instanceId, 'Task_approveDiscount', { discountApproved: true });
    await complete(t.as.sales!, instanceId, 'Task_recordDecision', { won: true });

    // then: 1 unit is not 4: the order goes to back-order until the warehouse receives more
    const backOrder = await inboxTask(t.api, t.as.warehouse!, instanceId, 'Task_backOrder');
    expect(backOrder.candidateGroups).toEqual(['warehouse']);
    expect((await t.post('/api/erp/stock/receipts', t.as.warehouse!, { sku: 'WID-1', warehouse: 'MAIN', qty: 10 })).status).toBe(201);
    const stockBefore = await stockOf('WID-1');
    await complete(t.as.warehouse!, instanceId, 'Task_backOrder', { replenished: true });
    await complete(t.as.warehouse!, instanceId, 'Task_pickAndPack', { packages: 1 });

    // when: the client pays the invoice in two parts
    const invoiceId = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, instanceId);
      return instance.activeElements.includes('Gateway_awaitPayment') ? (instance.variables.invoiceId as number) : undefined;
    }, 'the wait for payment', 30_000, () => instanceOf(t.api, t.as.manager!, instanceId));
    const invoice = await readJson(await t.api.app.request(`/api/erp/invoices/${invoiceId}`, { headers: t.as.accounting! }));
    expect(invoice.total).toBe(1200); // 4 x 250 net + 20 % tax
    expect(await pay(invoiceId, 500)).toEqual({ correlated: 1 });
    await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, instanceId);
      return instance.activeElements.includes('Gateway_awaitPayment') && instance.completedElements.includes('Task_recordPayment') ? true : undefined;
    }, 'the wait for the rest of the payment');
    expect(await pay(invoiceId, 700)).toEqual({ correlated: 1 });

    // then: the case is closed and the books are exact
    const done = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, instanceId);
      return instance.status === 'completed' ? instance : undefined;
    }, 'the instance to complete', 30_000, () => instanceOf(t.api, t.as.manager!, instanceId));
    console.log(`lead-to-cash end to end through the API: ${Date.now() - began} ms`);
    expect(done.completedElements).toEqual(expect.arrayContaining(['Task_reserveStock', 'Boundary_outOfStock', 'Task_backOrder', 'Task_ship', 'Task_invoice', 'Task_closeDeal', 'EndEvent_cashCollected']));
    expect(done.completedElements.filter((id: string) => id === 'Task_recordPayment')).toHaveLength(2);
    const count = async (table: string) => Number((await t.db.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
    expect({
      orders: await count('erp.sales_orders'),
      shipments: await count('erp.shipments'),
      invoices: await count('erp.invoices'),
      payments: await count('erp.payments'),
    }).toEqual({ orders: 1, shipments: 1, invoices: 1, payments: 2 });
    expect(await stockOf('WID-1')).toBe(stockBefore - 4);
    const trial = await readJson(await t.api.app.request('/api/erp/trial-balance', { headers: t.as.accounting! }));
    expect(trial.totalDebit).toBe(trial.totalCredit);
    expect(trial.accounts.find((account: { code: string }) => account.code === '1200').balance).toBe(0);
    const paid = await readJson(await t.api.app.request(`/api/erp/invoices/${invoiceId}`, { headers: t.as.accounting! }));
    expect(paid.status).toBe('paid');
    const card = await readJson(await t.api.app.request(`/api/crm/clients/${done.variables.clientId}`, { headers: t.as.sales! }));
    expect(card.deals).toEqual([expect.objectContaining({ stage: 'won' })]);
  }, 180_000);
});
