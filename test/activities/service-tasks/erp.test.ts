import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erpCreateSalesOrder } from '../../../activities/service-tasks/erp.createSalesOrder.js';
import { erpCreateShipment } from '../../../activities/service-tasks/erp.createShipment.js';
import { erpIssueInvoice } from '../../../activities/service-tasks/erp.issueInvoice.js';
import { erpRecordPayment } from '../../../activities/service-tasks/erp.recordPayment.js';
import { erpReserveStock } from '../../../activities/service-tasks/erp.reserveStock.js';
import type { ServiceTaskType } from '../../../activities/service-tasks/types.js';
import { createClient } from '../../../stores/crm/clients.js';
import { trialBalance } from '../../../stores/erp/ledger.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';
import { callTask, storeCounts } from '../../support/service-task.js';
import { effect, openShop } from '../../support/shop.js';

describe('erp service tasks', () => {
  let db: TestDatabase;
  let clientId: number;
  // Each step's result feeds the next, as process variables would.
  const flow = { orderId: 0, invoiceId: 0 };
  beforeAll(async () => {
    db = await freshDatabase();
    await openShop(db.pool, [
      { sku: 'WIDGET', warehouse: 'MAIN', qty: 5 },
      { sku: 'GADGET', warehouse: 'EAST', qty: 5 },
    ]);
    clientId = (await createClient(db.pool, effect(), { name: 'Acme Ltd', creditLimit: 1000, legalEntities: [{ name: 'Acme Trading GmbH', taxId: 'DE123' }] })).id;
  });
  afterAll(() => db.drop());

  // In flow order: each line is a type, its variables, and different variables for the same key.
  const cases: Array<[string, ServiceTaskType<never>, () => Record<string, unknown>, () => Record<string, unknown>, (result: never) => void]> = [
    [
      'erp.createSalesOrder',
      erpCreateSalesOrder as ServiceTaskType<never>,
      () => ({ clientId, lines: [{ sku: 'WIDGET', qty: 2 }, { sku: 'GADGET', qty: 1, price: 18 }] }),
      () => ({ clientId, lines: [{ sku: 'WIDGET', qty: 3 }] }),
      (order: { id: number }) => (flow.orderId = order.id),
    ],
    ['erp.reserveStock', erpReserveStock as ServiceTaskType<never>, () => ({ orderId: flow.orderId }), () => ({ orderId: flow.orderId + 1 }), () => {}],
    ['erp.createShipment', erpCreateShipment as ServiceTaskType<never>, () => ({ orderId: flow.orderId }), () => ({ orderId: flow.orderId + 1 }), () => {}],
    [
      'erp.issueInvoice',
      erpIssueInvoice as ServiceTaskType<never>,
      () => ({ orderId: flow.orderId }),
      () => ({ orderId: flow.orderId + 1 }),
      (invoice: { id: number }) => (flow.invoiceId = invoice.id),
    ],
    ['erp.recordPayment', erpRecordPayment as ServiceTaskType<never>, () => ({ invoiceId: flow.invoiceId, amount: 100 }), () => ({ invoiceId: flow.invoiceId, amount: 101 }), () => {}],
  ];

  it.each(cases)('should change the stores once when %s runs twice with one key', async (type, task, variables, _different, keep) => {
    // given
    const key = `wf-flow:${type}:0`;
    const before = await storeCounts(db.pool);
    // when
    const first = await callTask(task, db.pool, variables(), key);
    const afterFirst = await storeCounts(db.pool);
    const second = await callTask(task, db.pool, variables(), key);
    // then
    keep(first as never);
    expect(second).toEqual(first);
    expect(afterFirst).not.toEqual(before);
    expect(await storeCounts(db.pool)).toEqual(afterFirst);
  });

  it.each(cases)('should refuse %s repeated with one key and different variables', async (type, task, _variables, different) => {
    // when
    const repeat = callTask(task, db.pool, different(), `wf-flow:${type}:0`);
    // then
    await expect(repeat).rejects.toMatchObject({ name: 'ServiceTaskInputError', message: expect.stringContaining('IDEMPOTENCY_CONFLICT') });
  });

  it('should have invoiced the order to the first legal entity, posted it, and kept the books balanced', async () => {
    // when
    const invoice = await callTask(erpIssueInvoice, db.pool, { orderId: flow.orderId }, 'wf-flow:erp.issueInvoice:0');
    const paid = await callTask(erpRecordPayment, db.pool, { invoiceId: flow.invoiceId, amount: 161.6 }, 'wf-flow:FinalPayment:0');
    // then: net 2 x 100 + 18 = 218, tax 43.60, gross 261.60
    expect(invoice).toMatchObject({ total: 261.6, legalEntityId: expect.any(Number) });
    expect(paid).toMatchObject({ amount: 161.6, invoice: { status: 'paid', outstanding: 0 } });
    const balance = await trialBalance(db.pool);
    expect(balance.totalDebit).toBe(balance.totalCredit);
  });

  it.each([
    ['OUT_OF_STOCK', erpReserveStock as ServiceTaskType<never>],
    ['OUT_OF_STOCK', erpCreateShipment as ServiceTaskType<never>],
  ])('should throw the BPMN error %s from %#', async (code, task) => {
    // given
    const created = (await callTask(erpCreateSalesOrder, db.pool, { clientId, lines: [{ sku: 'WIDGET', qty: 4 }] }, `wf-short-${task.type}:Order:0`)) as { id: number };
    // when
    const running = callTask(task, db.pool, { orderId: created.id }, `wf-short-${task.type}:Task:0`);
    // then
    await expect(running).rejects.toMatchObject({ name: 'BpmnError', code });
  });

  it('should throw CREDIT_LIMIT when the order would take the client over its limit', async () => {
    // given: a limit of 500, gross; a widget is 120 gross, a gadget 23.99
    const careful = await createClient(db.pool, effect(), { name: 'Careful plc', creditLimit: 500 });
    await callTask(erpCreateSalesOrder, db.pool, { clientId: careful.id, lines: [{ sku: 'WIDGET', qty: 3 }] }, 'wf-credit:Order:0');
    // when
    const fits = await callTask(erpCreateSalesOrder, db.pool, { clientId: careful.id, lines: [{ sku: 'GADGET', qty: 5 }] }, 'wf-credit:Order:1');
    const over = callTask(erpCreateSalesOrder, db.pool, { clientId: careful.id, lines: [{ sku: 'WIDGET', qty: 1 }] }, 'wf-credit:Order:2');
    // then: 360 + 119.94 = 479.94 fits, another 120 does not
    expect(fits).toMatchObject({ netTotal: 99.95 });
    await expect(over).rejects.toMatchObject({ name: 'BpmnError', code: 'CREDIT_LIMIT' });
  });

  it('should throw UNKNOWN_CLIENT and OVERPAYMENT as BPMN errors', async () => {
    // when / then
    await expect(callTask(erpCreateSalesOrder, db.pool, { clientId: 999, lines: [{ sku: 'WIDGET', qty: 1 }] }, 'wf-u:Order:0')).rejects.toMatchObject({
      name: 'BpmnError',
      code: 'UNKNOWN_CLIENT',
    });
    await expect(callTask(erpRecordPayment, db.pool, { invoiceId: flow.invoiceId, amount: 0.01 }, 'wf-u:Pay:0')).rejects.toMatchObject({
      name: 'BpmnError',
      code: 'OVERPAYMENT',
    });
  });

  it('should open an incident (input error) for an unknown product', async () => {
    // when
    const order = callTask(erpCreateSalesOrder, db.pool, { clientId, lines: [{ sku: 'NOPE', qty: 1 }] }, 'wf-sku:Order:0');
    // then
    await expect(order).rejects.toMatchObject({ name: 'ServiceTaskInputError', field: 'lines', message: expect.stringContaining('NOPE') });
  });

  it('should let exactly one of two concurrent runs with one key do the work', async () => {
    // given
    const before = await storeCounts(db.pool);
    // when
    const [first, second] = await Promise.all([
      callTask(erpCreateSalesOrder, db.pool, { clientId, lines: [{ sku: 'GADGET', qty: 1 }] }, 'wf-twin:Order:0'),
      callTask(erpCreateSalesOrder, db.pool, { clientId, lines: [{ sku: 'GADGET', qty: 1 }] }, 'wf-twin:Order:0'),
    ]);
    // then
    expect(second).toEqual(first);
    const after = await storeCounts(db.pool);
    expect(after['erp.sales_orders']).toBe(before['erp.sales_orders']! + 1);
  });
});
