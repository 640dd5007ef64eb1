import { describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually, inboxTask, instanceOf, useProcessRunner } from '../support/process-runner.js';

/** The shorter process that starts from an order: here the client pays late and gets a dunning reminder. */
describe('order-to-cash.bpmn', () => {
  const t = useProcessRunner('order-to-cash-test', {
    sales: ['sam.sales', ['sales']],
    warehouse: ['wes.warehouse', ['warehouse']],
    accounting: ['alice.accounting', ['accounting']],
    // reads the instance with its variables, which only managers (and those who take part) may (issue 9)
    manager: ['mia.manager', ['managers']],
  });

  it('should ship, invoice, send a dunning reminder when payment is late, and close when paid', async () => {
    // given: a client and 5 cables in stock
    await t.post('/api/erp/warehouses', t.as.warehouse!, { code: 'MAIN', name: 'Main warehouse' });
    await t.post('/api/erp/products', t.as.warehouse!, { sku: 'CBL-1', name: 'Cable', price: 12.5, standardCost: 5, taxRate: 0.1 });
    await t.post('/api/erp/stock/receipts', t.as.warehouse!, { sku: 'CBL-1', warehouse: 'MAIN', qty: 5 });
    const client = await readJson(await t.post('/api/crm/clients', t.as.sales!, { name: 'Globex' }));

    // when: an order for 2 cables; payments are overdue after one second
    const started = await readJson(
      await t.post('/api/process-instances', t.as.sales!, {
        processKey: 'order-to-cash',
        variables: { clientId: client.id, lines: [{ sku: 'CBL-1', qty: 2 }], dunningInterval: 'PT1S' },
      }),
    );
    const pick = await inboxTask(t.api, t.as.warehouse!, started.instanceId, 'Task_pickAndPack');
    await t.post(`/api/tasks/${pick.id}/claim`, t.as.warehouse!, {});
    expect((await t.post(`/api/tasks/${pick.id}/complete`, t.as.warehouse!, { variables: { packages: 1 } })).status).toBe(200);
    const reminded = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, started.instanceId);
      return instance.completedElements.includes('Task_sendReminder') ? instance : undefined;
    }, 'a dunning reminder', 30_000, () => instanceOf(t.api, t.as.manager!, started.instanceId));
    const invoiceId = reminded.variables.invoiceId as number;
    const paid = await eventually(async () => {
      const response = await t.post('/api/messages', t.as.accounting!, { name: 'payment-received', correlationKey: String(invoiceId), variables: { amount: 27.5 } });
      return response.status === 404 ? undefined : readJson(response);
    }, 'the payment to correlate');

    // then
    expect(paid).toMatchObject({ correlated: 1 });
    const done = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.manager!, started.instanceId);
      return instance.status === 'completed' ? instance : undefined;
    }, 'completion', 30_000, () => instanceOf(t.api, t.as.manager!, started.instanceId));
    expect(done.completedElements.slice(0, 6)).toEqual(['StartEvent_orderReceived', 'Task_createOrder', 'Task_reserveStock', 'Task_pickAndPack', 'Task_ship', 'Task_invoice']);
    expect(done.completedElements).toEqual(expect.arrayContaining(['Event_paymentOverdue', 'Task_sendReminder', 'Event_paymentReceived', 'Task_recordPayment', 'EndEvent_paid']));
    const invoice = await readJson(await t.api.app.request(`/api/erp/invoices/${invoiceId}`, { headers: t.as.accounting! }));
    expect(invoice).toMatchObject({ total: 27.5, status: 'paid' }); // 2 x 12.50 + 10 % tax
    const reminders = await readJson(await t.api.app.request('/api/notifications', { headers: t.as.accounting! }));
    expect(reminders[0]).toMatchObject({ to: 'accounting', subject: `Payment overdue: invoice ${invoiceId}` });
    const stock = (await readJson(await t.api.app.request('/api/erp/stock?sku=CBL-1', { headers: t.as.warehouse! }))) as Array<{ onHand: number; reserved: number }>;
    expect(stock).toEqual([expect.objectContaining({ onHand: 3, reserved: 0 })]);
    const trial = await readJson(await t.api.app.request('/api/erp/trial-balance', { headers: t.as.accounting! }));
    expect(trial.totalDebit).toBe(trial.totalCredit);
  }, 120_000);
});
