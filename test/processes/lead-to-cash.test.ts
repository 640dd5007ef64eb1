import { describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually, inboxTask, instanceOf, useProcessRunner } from '../support/process-runner.js';

type FormComponent = { key?: string; path?: string; type?: string; valuesKey?: string; components?: FormComponent[] };

/** The variables a form declares (keys, dynamic-list paths), read from the task as the inbox shows it. */
function declaredFields(form: { components?: FormComponent[] } | null): FormComponent[] {
  const walk = (components: FormComponent[] = []): FormComponent[] =>
    components.flatMap((component) => (component.type === 'dynamiclist' ? [component] : [...(component.key ? [component] : []), ...walk(component.components)]));
  return walk(form?.components);
}

/**
 * The flagship process, end to end through the HTTP API as the employees who own each
 * step would drive it, each step filled in with only what its form asks for: a lead
 * becomes a client, a deal priced from the catalogue, an order that waits for stock, a
 * shipment, an invoice paid in two parts. The books must come out exact.
 */
describe('lead-to-cash.bpmn', () => {
  const t = useProcessRunner('lead-to-cash-test', {
    sales: ['sam.sales', ['sales']],
    manager: ['mia.manager', ['sales-managers', 'managers']],
    warehouse: ['wes.warehouse', ['warehouse']],
    accounting: ['alice.accounting', ['accounting']],
  });

  /** Fills the task's form: every answer must be a field the form declares, as a person in the inbox could only give those. */
  const complete = async (headers: Record<string, string>, instanceId: string, elementId: string, answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const task = await inboxTask(t.api, headers, instanceId, elementId);
    const declared = declaredFields(task.form as never).map((field) => field.key ?? field.path);
    expect(Object.keys(answers).filter((name) => !declared.includes(name)), `fields ${elementId}'s form does not declare`).toEqual([]);
    const claimed = await t.post(`/api/tasks/${task.id}/claim`, headers, {});
    expect(claimed.status, `claim ${elementId}`).toBe(200);
    const response = await t.post(`/api/tasks/${task.id}/complete`, headers, { variables: { ...answers, ...extra } });
    expect(response.status, `complete ${elementId}: ${JSON.stringify(await response.clone().json())}`).toBe(200);
    return task;
  };
  /** The bank's payment notice; a notice that arrives before the wait is armed is sent again, as a bank would. */
  const pay = (invoiceId: number, amount: number) =>
    eventually(async () => {
      const response = await t.post('/api/messages', t.as.accounting!, { name: 'payment-received', correlationKey: String(invoiceId), variables: { amount } });
      return response.status === 404 ? undefined : readJson(response);
    }, `payment ${amount} correlated`);
  const read = async (path: string) => readJson(await t.api.app.request(path, { headers: t.as.accounting! }));
  const stockOf = async (sku: string) => ((await read(`/api/erp/stock?sku=${sku}`)) as Array<{ onHand: number }>).reduce((sum, level) => sum + level.onHand, 0);
  const inventoryMatchesValuation = async () => {
    const trial = await read('/api/erp/trial-balance');
    const valuation = (await read('/api/erp/stock/valuation')) as Array<{ value: number }>;
    const inventory = trial.accounts.find((account: { code: string }) => account.code === '1400').balance as number;
    expect(trial.totalDebit).toBe(trial.totalCredit);
    expect(Math.round(valuation.reduce((sum, row) => sum + row.value, 0) * 100)).toBe(Math.round(inventory * 100));
    return trial;
  };
  const count = async (table: string) => Number((await t.db.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  it('should take a lead through a priced proposal, back-order, shipment, invoice and two payments, filling only the forms', async () => {
    // given: a lead, widgets at 250.00 with 1 unit in stock bought at 100.00 (the order needs 4)
    expect((await t.post('/api/erp/warehouses', t.as.warehouse!, { code: 'MAIN', name: 'Main warehouse' })).status).toBe(201);
    expect((await t.post('/api/erp/products', t.as.warehouse!, { sku: 'WID-1', name: 'Widget', price: 250, standardCost: 100, taxRate: 0.2 })).status).toBe(201);
    expect((await t.post('/api/erp/stock/receipts', t.as.warehouse!, { sku: 'WID-1', warehouse: 'MAIN', qty: 1, unitCost: 100 })).status).toBe(201);
    const lead = await readJson(await t.post('/api/crm/leads', t.as.sales!, { name: 'Peter Gibbons', company: 'Initech' }));

    // when: sales starts the process for the lead, its id typed as a form would give it
    const started = await readJson(await t.post('/api/process-instances', t.as.sales!, { processKey: 'lead-to-cash', businessKey: `lead-${lead.id}`, variables: { leadId: String(lead.id) } }));
    const instanceId = started.instanceId as string;
    await complete(t.as.sales!, instanceId, 'Task_qualifyLead', { qualified: true, qualificationNote: 'Needs widgets, has budget' });

    // then: the proposal's product field offers the ERP catalogue, loaded by the process
    const proposal = await inboxTask(t.api, t.as.sales!, instanceId, 'Task_prepareProposal');
    const lines = declaredFields(proposal.form as never).find((field) => field.type === 'dynamiclist')!;
    const productField = lines.components!.find((field) => field.key === 'sku')!;
    expect(proposal.variables[productField.valuesKey!]).toEqual([expect.objectContaining({ value: 'WID-1', label: expect.stringContaining('Widget') })]);
    await complete(t.as.sales!, instanceId, 'Task_prepareProposal', { title: 'Widgets for Initech', lines: [{ sku: 'WID-1', qty: 4 }], discountPercent: 15 });
    const priced = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, instanceId);
      return instance.variables.dealId ? instance.variables : undefined;
    }, 'the deal', 30_000, () => instanceOf(t.api, t.as.manager!, instanceId));
    expect(priced.quote).toEqual({ lines: [{ sku: 'WID-1', qty: 4, price: 212.5 }], amount: 850 });
    const deals = await readJson(await t.api.app.request(`/api/crm/deals?clientId=${priced.clientId}`, { headers: t.as.sales! }));
    expect(deals).toEqual([expect.objectContaining({ id: priced.dealId, amount: 850, title: 'Widgets for Initech' })]);

    // then: a 15 % discount goes to a sales manager, whom the warehouse cannot stand in for
    const approval = await inboxTask(t.api, t.as.manager!, instanceId, 'Task_approveDiscount');
    expect(approval.candidateGroups).toEqual(['sales-managers']);
    expect((await t.post(`/api/tasks/${approval.id}/complete`, t.as.warehouse!, { variables: {} })).status).toBe(403);
    await complete(t.as.manager!, instanceId, 'Task_approveDiscount', { discountApproved: true, approvalNote: 'Long-term client' });
    await complete(t.as.sales!, instanceId, 'Task_recordDecision', { won: true });

    // then: 1 unit is not 4: the order goes to back-order until the warehouse receives more
    const backOrder = await inboxTask(t.api, t.as.warehouse!, instanceId, 'Task_backOrder');
    expect(backOrder.candidateGroups).toEqual(['warehouse']);
    expect((await t.post('/api/erp/stock/receipts', t.as.warehouse!, { sku: 'WID-1', warehouse: 'MAIN', qty: 10, unitCost: 111.11 })).status).toBe(201);
    const stockBefore = await stockOf('WID-1');
    await complete(t.as.warehouse!, instanceId, 'Task_backOrder', { replenished: true });
    await complete(t.as.warehouse!, instanceId, 'Task_pickAndPack', { packages: 1 });

    // when: the client pays the invoice in two parts
    const invoiceId = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, instanceId);
      return instance.activeElements.includes('Gateway_awaitPayment') ? (instance.variables.invoiceId as number) : undefined;
    }, 'the wait for payment', 30_000, () => instanceOf(t.api, t.as.manager!, instanceId));
    const invoice = await read(`/api/erp/invoices/${invoiceId}`);
    expect(invoice.total).toBe(1020); // 4 x 212.50 net + 20 % tax
    const order = await read(`/api/erp/orders/${(await instanceOf(t.api, t.as.manager!, instanceId)).variables.orderId}`);
    expect(order).toMatchObject({ netTotal: 850, taxTotal: 170, total: 1020, creditApprovedBy: null });
    expect(await pay(invoiceId, 500)).toEqual({ correlated: 1 });
    await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, instanceId);
      return instance.activeElements.includes('Gateway_awaitPayment') && instance.completedElements.includes('Task_recordPayment') ? true : undefined;
    }, 'the wait for the rest of the payment');
    expect(await pay(invoiceId, 520)).toEqual({ correlated: 1 });

    // then: the case is closed, nothing the steps set was overwritten, and the books are exact
    const done = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, instanceId);
      return instance.status === 'completed' ? instance : undefined;
    }, 'the instance to complete', 30_000, () => instanceOf(t.api, t.as.manager!, instanceId));
    expect(done.completedElements).toEqual(expect.arrayContaining(['Task_listProducts', 'Task_priceProposal', 'Boundary_outOfStock', 'Task_backOrder', 'Task_ship', 'Task_invoice', 'Task_closeDeal', 'EndEvent_cashCollected']));
    expect(done.completedElements.filter((id: string) => id === 'Task_recordPayment')).toHaveLength(2);
    expect(done.variables).not.toHaveProperty('amount'); // the payment notice's amount landed as paidAmount only
    expect(done.variables).toMatchObject({ quote: priced.quote, title: 'Widgets for Initech', discountPercent: 15, dealId: priced.dealId, clientId: priced.clientId, paidAmount: 520, orderId: order.id, invoiceId });
    expect(done.variables.leadId).toBe(String(lead.id));
    expect({
      orders: await count('erp.sales_orders'),
      shipments: await count('erp.shipments'),
      invoices: await count('erp.invoices'),
      payments: await count('erp.payments'),
    }).toEqual({ orders: 1, shipments: 1, invoices: 1, payments: 2 });
    expect(await stockOf('WID-1')).toBe(stockBefore - 4);
    const trial = await inventoryMatchesValuation();
    expect(trial.accounts.find((account: { code: string }) => account.code === '1200').balance).toBe(0);
    // 11 units worth 100.00 + 1 111.10 = 1 211.10; 4 leave at the average: round(1211.10 x 4 / 11, 2) = 440.40
    expect(trial.accounts.find((account: { code: string }) => account.code === '5000').balance).toBe(440.4);
    expect((await read(`/api/erp/invoices/${invoiceId}`)).status).toBe('paid');
    const card = await readJson(await t.api.app.request(`/api/crm/clients/${done.variables.clientId}`, { headers: t.as.sales! }));
    expect(card.deals).toEqual([expect.objectContaining({ stage: 'won' })]);
    expect(card.orders).toEqual([expect.objectContaining({ id: order.id, total: 1020, netTotal: 850, taxTotal: 170 })]);
  }, 180_000);

  it('should ask Accounting to approve an order over the credit limit, and record who really approved it', async () => {
    // given: a client with a credit limit of 500.00, and a lead from that company
    const client = await readJson(await t.post('/api/crm/clients', t.as.sales!, { name: 'Initrode', creditLimit: 500 }));
    await t.post('/api/erp/stock/receipts', t.as.warehouse!, { sku: 'WID-1', warehouse: 'MAIN', qty: 4, unitCost: 100 });
    const lead = await readJson(await t.post('/api/crm/leads', t.as.sales!, { name: 'Bill Lumbergh', company: 'Initrode' }));
    const ordersBefore = await count('erp.sales_orders');
    const started = await readJson(await t.post('/api/process-instances', t.as.sales!, { processKey: 'lead-to-cash', variables: { leadId: String(lead.id) } }));
    const instanceId = started.instanceId as string;
    await complete(t.as.sales!, instanceId, 'Task_qualifyLead', { qualified: true });
    await complete(t.as.sales!, instanceId, 'Task_prepareProposal', { title: 'Widgets for Initrode', lines: [{ sku: 'WID-1', qty: 4 }], discountPercent: 0 });
    // a sales person sends an approver along with a form that has no such field
    await complete(t.as.sales!, instanceId, 'Task_recordDecision', { won: true }, { creditApprovedBy: 'alice.accounting' });

    // when: 1 200.00 gross is over the limit; the approval waits in Accounting's lane, closed to sales
    const approval = await inboxTask(t.api, t.as.accounting!, instanceId, 'Task_approveCredit');
    expect(approval.candidateGroups).toEqual(['accounting']);
    expect((await t.post(`/api/tasks/${approval.id}/claim`, t.as.sales!, {})).status).toBe(403);
    // the accountant approves; fields no form offers claim someone else approved
    await complete(t.as.accounting!, instanceId, 'Task_approveCredit', { creditApproved: true, creditNote: 'Paid on time for years' }, { creditApprovedBy: 'sam.sales', completedBy: 'mallory' });

    // then: the order is created once, recording the accountant who really completed the step
    const reached = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, instanceId);
      return instance.activeElements.includes('Task_pickAndPack') ? instance : undefined;
    }, 'pick and pack after the approval', 30_000, () => instanceOf(t.api, t.as.manager!, instanceId));
    expect(reached.completedElements).toEqual(expect.arrayContaining(['Boundary_creditLimit', 'Task_approveCredit', 'Task_createOrder']));
    expect(await count('erp.sales_orders')).toBe(ordersBefore + 1);
    const order = await read(`/api/erp/orders/${reached.variables.orderId}`);
    expect(order).toMatchObject({ clientId: client.id, total: 1200, creditApprovedBy: 'alice.accounting' });
    expect(reached.variables.creditApprovedBy).toBe('alice.accounting');
    expect(reached.variables).not.toHaveProperty('completedBy');
    await t.post(`/api/process-instances/${instanceId}/cancel`, t.as.manager!, {});
  }, 180_000);
});
