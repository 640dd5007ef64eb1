import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually } from '../support/process-runner.js';
import { fillField, fillStartForm, formField, pickOption, startWorkUi, type WorkUi } from './work-ui.js';

/**
 * The whole lead-to-cash case through the browser alone, each step by a user of its lane
 * in their own tab: sales qualifies, proposes and records the decision, a sales manager
 * approves the discount, the warehouse picks and packs. The client's payment arrives as a
 * message through the API, as a bank's notice would. The master data (a product, its
 * stock, the lead) is set up through the API: there are no CRM or ERP screens yet.
 */
describe('lead-to-cash in the browser', () => {
  let ui: WorkUi;
  let sales: Page;
  let manager: Page;
  let warehouse: Page;
  let accounting: Page;
  let leadId: number;
  beforeAll(async () => {
    ui = await startWorkUi('modeler-ui-lead-to-cash');
    const stock = await ui.headersOf('wes.warehouse', ['warehouse']);
    const post = (path: string, headers: Record<string, string>, body: object) => ui.api.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await post('/api/erp/warehouses', stock, { code: 'MAIN', name: 'Main warehouse' })).status).toBe(201);
    expect((await post('/api/erp/products', stock, { sku: 'WID-1', name: 'Widget', price: 250, standardCost: 100, taxRate: 0.2 })).status).toBe(201);
    expect((await post('/api/erp/stock/receipts', stock, { sku: 'WID-1', warehouse: 'MAIN', qty: 10, unitCost: 100 })).status).toBe(201);
    leadId = (await readJson(await post('/api/crm/leads', await ui.headersOf('sam.sales', ['sales']), { name: 'Peter Gibbons', company: 'Initech' }))).id;
    sales = await ui.pageAs('sam.sales', ['sales']);
    manager = await ui.pageAs('mia.manager', ['sales-managers', 'managers']);
    warehouse = await ui.pageAs('wes.warehouse', ['warehouse']);
    accounting = await ui.pageAs('alice.accounting', ['accounting']);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  /** Opens the step from the user's inbox (already open), fills its form, completes it. */
  async function work(page: Page, elementId: string, fill: () => Promise<void>, screenshot?: string) {
    if (!/#\/inbox$/.test(page.url())) await page.goto(`${ui.baseUrl}/#/inbox`);
    const card = page.locator(`.task-card[data-element-id="${elementId}"]`);
    await card.waitFor({ timeout: 30_000 });
    await card.locator('a.task-main').click();
    await page.waitForSelector('#task-form .fjs-form');
    await fill();
    if (screenshot) await ui.shoot(page, screenshot);
    await page.click('#task-complete');
    await page.waitForURL(/#\/inbox$/);
    await expect(page.locator(`.task-card[data-element-id="${elementId}"]`).count()).resolves.toBe(0);
  }

  it('should take the case from a lead to cash, every step done in its owner’s inbox', async () => {
    // given: every lane's inbox is open
    for (const page of [sales, manager, warehouse, accounting]) await page.goto(`${ui.baseUrl}/#/inbox`);

    // when: sales starts the case and works the sales steps
    await sales.click('#start-case');
    await sales.click('.process-card[data-process-key="lead-to-cash"]');
    await sales.fill('#start-business-key', 'lead-initech');
    await fillStartForm(sales, { leadId: String(leadId) });
    await sales.click('#start-submit');
    await sales.waitForURL(/#\/inbox$/);
    await work(sales, 'Task_qualifyLead', async () => {
      await formField(sales, /Qualified/).locator('input[type="checkbox"]').check();
      await fillField(sales, 'Note', 'Needs widgets, has budget');
    });
    await work(
      sales,
      'Task_prepareProposal',
      async () => {
        await fillField(sales, 'Deal title', 'Widgets for Initech');
        await pickOption(sales, 'Product', 'Widget');
        await fillField(sales, 'Quantity', '4');
        await fillField(sales, /Discount/, '15');
      },
      'task-proposal',
    );

    // then: the 15 % discount waits for a sales manager
    await work(manager, 'Task_approveDiscount', async () => {
      await formField(manager, /Approve the discount/).locator('input[type="checkbox"]').check();
    });
    await work(sales, 'Task_recordDecision', async () => {
      await formField(sales, /accepted/).locator('input[type="checkbox"]').check();
    });
    await work(warehouse, 'Task_pickAndPack', async () => {
      await fillField(warehouse, 'Packages', '1');
    });

    // when: the bank's payment notice for the invoice arrives
    const managerHeaders = await ui.headersOf('mia.manager', ['sales-managers', 'managers']);
    const instance = async () => {
      const list = (await readJson(await ui.api.app.request('/api/process-instances?processKey=lead-to-cash', { headers: managerHeaders }))) as Array<{ instanceId: string; businessKey: string }>;
      const found = list.find((entry) => entry.businessKey === 'lead-initech');
      return found && readJson(await ui.api.app.request(`/api/process-instances/${found.instanceId}`, { headers: managerHeaders }));
    };
    const waiting = await eventually(async () => {
      const current = await instance();
      return current?.activeElements.includes('Gateway_awaitPayment') ? current : undefined;
    }, 'the wait for payment', 30_000, instance);
    const invoice = await readJson(await ui.api.app.request(`/api/erp/invoices/${waiting.variables.invoiceId}`, { headers: managerHeaders }));
    const accountingHeaders = await ui.headersOf('alice.accounting', ['accounting']);
    const paid = await eventually(async () => {
      const response = await ui.api.app.request('/api/messages', { method: 'POST', headers: accountingHeaders, body: JSON.stringify({ name: 'payment-received', correlationKey: String(waiting.variables.invoiceId), variables: { amount: invoice.total } }) });
      return response.status === 404 ? undefined : readJson(response);
    }, 'the payment to correlate');
    expect(paid).toEqual({ correlated: 1 });

    // then: the manager's monitor shows the case completed, every step done
    await manager.goto(`${ui.baseUrl}/#/instances/${waiting.instanceId}`);
    await manager.waitForSelector('[data-status="completed"]', { timeout: 30_000 });
    const done = await manager.$$eval('#instance-canvas .djs-element.completed', (elements) => elements.map((element) => element.getAttribute('data-element-id')));
    expect(done).toEqual(expect.arrayContaining(['Task_qualifyLead', 'Task_prepareProposal', 'Task_approveDiscount', 'Task_recordDecision', 'Task_pickAndPack', 'Task_invoice', 'EndEvent_cashCollected']));
    await ui.shoot(manager, 'instance-completed');
    for (const page of [sales, manager, warehouse]) {
      await page.goto(`${ui.baseUrl}/#/inbox`);
      await page.waitForSelector('#inbox-empty');
    }
  }, 240_000);
});
