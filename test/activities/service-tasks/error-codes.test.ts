import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serviceTaskTypes } from '../../../activities/registry.js';
import { createClient } from '../../../stores/crm/clients.js';
import { issueInvoice } from '../../../stores/erp/invoices.js';
import { createSalesOrder } from '../../../stores/erp/orders.js';
import { createShipment } from '../../../stores/erp/shipments.js';
import { readJson } from '../../support/api.js';
import { eventually, instanceOf, useProcessRunner } from '../../support/process-runner.js';
import { effect, openShop } from '../../support/shop.js';

const diagram = readFileSync(new URL('ServiceTask.error-codes.bpmn', import.meta.url), 'utf8');

/**
 * Every BPMN error code a shipped service-task type documents (CONTRACT §4, README) is
 * thrown as that code on the real worker and caught by a matching error boundary event.
 */
describe('service-task error codes', () => {
  const t = useProcessRunner('service-task-errors-test', { designer: ['dana.designer', ['designers', 'managers']] });

  it('should throw each documented code, caught by an error boundary event on the real worker', async () => {
    // given: a client with a credit limit of 10.00, 5 widgets in stock, an order for 6, an invoice of 120.00
    await openShop(t.db.pool, [{ sku: 'WIDGET', warehouse: 'MAIN', qty: 5 }]);
    const client = await createClient(t.db.pool, effect(), { name: 'Tight Budget Ltd', creditLimit: 10 });
    const short = await createSalesOrder(t.db.pool, effect(), { clientId: client.id, creditLimit: null, lines: [{ sku: 'WIDGET', qty: 6 }] });
    const billed = await createSalesOrder(t.db.pool, effect(), { clientId: client.id, creditLimit: null, lines: [{ sku: 'WIDGET', qty: 1 }] });
    await createShipment(t.db.pool, effect(), { orderId: billed.id });
    const invoice = await issueInvoice(t.db.pool, effect(), { orderId: billed.id });
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'errors.bpmn', xml: diagram })).status).toBe(201);

    // when
    const started = await readJson(
      await t.post('/api/process-instances', t.as.designer!, {
        processKey: 'service-task-errors',
        variables: { clientId: String(client.id), lines: [{ sku: 'WIDGET', qty: 1 }], orderId: short.id, invoiceId: invoice.id },
      }),
    );
    const done = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.designer!, started.instanceId);
      return instance.status === 'completed' ? instance : undefined;
    }, 'every branch to end', 60_000, () => instanceOf(t.api, t.as.designer!, started.instanceId));

    // then: each branch ended at its boundary, none went on as if nothing happened
    const tasks = ['getClientCard', 'createDeal', 'logInteraction', 'orderUnknownClient', 'orderOverLimit', 'reserveShort', 'payTooMuch'];
    expect(done.completedElements).toEqual(expect.arrayContaining(tasks.map((id) => `end_caught_${id}`)));
    expect(done.completedElements.filter((id: string) => id.startsWith('end_missed_'))).toEqual([]);
  }, 120_000);

  it('should document the codes each type throws, as the README lists them', () => {
    // given
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    // when
    const documented = [...serviceTaskTypes.values()].map((type) => ({ type: type.type, codes: [...(type.errorCodes ?? [])] }));
    // then: every type has a README row, and each of its codes is in that row
    for (const { type, codes } of documented) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${type}\``));
      expect(row, `README row for ${type}`).toBeDefined();
      for (const code of codes) expect(row, `${type} documents ${code}`).toContain(code);
    }
  });
});
