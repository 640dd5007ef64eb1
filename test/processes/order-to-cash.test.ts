import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, type TestApi } from '../support/api.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { eventually, inboxTask, instanceOf, processRunner } from '../support/process-runner.js';

/** The shorter process that starts from an order: here the client pays late and gets a dunning reminder. */
describe('order-to-cash.bpmn', () => {
  let db: TestDatabase;
  let runner: Awaited<ReturnType<typeof processRunner>>;
  let api: TestApi;
  const as: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    db = await freshDatabase();
    runner = await processRunner(db.pool, 'order-to-cash-test');
    api = runner.api;
    as.sales = await api.as('sam.sales', ['sales']);
    as.warehouse = await api.as('wes.warehouse', ['warehouse']);
    as.accounting = await api.as('alice.accounting', ['accounting']);
  }, 120_000);
  afterAll(async () => {
    await runner.stop();
    await db.drop();
  });

  const post = (path: string, headers: Record<string, string>, body: unknown) =>
    api.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });

  it('should ship, invoice, send a dunning reminder when payment is late, and close when paid', async () => {
    // given: a client and 5 cables in stock
    await post('/api/erp/warehouses', as.warehouse!, { code: 'MAIN', name: 'Main warehouse' });
    await post('/api/erp/products', as.warehouse!, { sku: 'CBL-1', name: 'Cable', price: 12.5, standardCost: 5, taxRate: 0.1 });
    await post('/api/erp/stock/receipts', as.warehouse!, { sku: 'CBL-1', warehouse: 'MAIN', qty: 5 });
    const client = await readJson(await post('/api/crm/clients', as.sales!, { name: 'Globex' }));

    // when: an order for 2 cables; payments are overdue after one second
    const started = await readJson(
      await post('/api/process-instances', as.sales!, {
        processKey: 'order-to-cash',
        variables: { clientId: client.id, lines: [{ sku: 'CBL-1', qty: 2 }], dunningInterval: 'PT1S' },
      }),
    );
    const pick = await inboxTask(api, as.warehouse!, started.instanceId, 'Task_pickAndPack');
    await post(`/api/tasks/${pick.id}/claim`, as.warehouse!, {});
    expect((await post(`/api/tasks/${pick.id}/complete`, as.warehouse!, { variables: { packages: 1 } })).status).toBe(200);
    const reminded = await eventually(async () => {
      const instance = await instanceOf(api, as.accounting!, started.instanceId);
      return instance.completedElements.includes('Task_sendReminder') ? instance : undefined;
    }, 'a dunning reminder', 30_000, () => instanceOf(api, as.accounting!, started.instanceId));
    const invoiceId = reminded.variables.invoiceId as number;
    const paid = await eventually(async () => {
      const response = await post('/api/messages', as.accounting!, { name: 'payment-received', correlationKey: String(invoiceId), variables: { amount: 27.5 } });
      return response.status === 404 ? undefined : readJson(response);
    }, 'the payment to correlate');

    // then
    expect(paid).toMatchObject({ correlated: 1 });
    const done = await eventually(async () => {
      const instance = await instanceOf(api, as.accounting!, started.instanceId);
      return instance.status === 'completed' ? instance : undefined;
    }, 'completion', 30_000, () => instanceOf(api, as.accounting!, started.instanceId));
    expect(done.completedElements.slice(0, 6)).toEqual(['StartEvent_orderReceived', 'Task_createOrder', 'Task_reserveStock', 'Task_pickAndPack', 'Task_ship', 'Task_invoice']);
    expect(done.completedElements).toEqual(expect.arrayContaining(['Event_paymentOverdue', 'Task_sendReminder', 'Event_paymentReceived', 'Task_recordPayment', 'EndEvent_paid']));
    const invoice = await readJson(await api.app.request(`/api/erp/invoices/${invoiceId}`, { headers: as.accounting! }));
    expect(invoice).toMatchObject({ total: 27.5, status: 'paid' }); // 2 x 12.50 + 10 % tax
    const reminders = await readJson(await api.app.request('/api/notifications', { headers: as.accounting! }));
    expect(reminders[0]).toMatchObject({ to: 'accounting', subject: `Payment overdue: invoice ${invoiceId}` });
    const stock = (await readJson(await api.app.request('/api/erp/stock?sku=CBL-1', { headers: as.warehouse! }))) as Array<{ onHand: number; reserved: number }>;
    expect(stock).toEqual([expect.objectContaining({ onHand: 3, reserved: 0 })]);
    const trial = await readJson(await api.app.request('/api/erp/trial-balance', { headers: as.accounting! }));
    expect(trial.totalDebit).toBe(trial.totalCredit);
  }, 120_000);
});
