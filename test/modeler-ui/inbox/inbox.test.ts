import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../support/api.js';
import { fillField, fillStartForm, pickOption, startWorkUi, type WorkUi } from '../work-ui.js';

/**
 * A sales employee starts a lead-to-cash case from a form and works their steps through
 * their forms; each step leaves their inbox, and the next owner (a sales manager, in
 * another tab) sees the next step arrive without reloading.
 */
describe('the task inbox', () => {
  let ui: WorkUi;
  let sales: Page;
  let manager: Page;
  let leadId: number;
  beforeAll(async () => {
    ui = await startWorkUi('modeler-ui-inbox');
    const stock = await ui.headersOf('wes.warehouse', ['warehouse']);
    await ui.api.app.request('/api/erp/products', { method: 'POST', headers: stock, body: JSON.stringify({ sku: 'WID-1', name: 'Widget', price: 250, standardCost: 100, taxRate: 0.2 }) });
    const headers = await ui.headersOf('sam.sales', ['sales']);
    leadId = (await readJson(await ui.api.app.request('/api/crm/leads', { method: 'POST', headers, body: JSON.stringify({ name: 'Peter Gibbons', company: 'Initech' }) }))).id;
    sales = await ui.pageAs('sam.sales', ['sales']);
    manager = await ui.pageAs('mia.manager', ['sales-managers', 'managers']);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  const card = (page: Page, elementId: string) => page.locator(`.task-card[data-element-id="${elementId}"]`);

  it('should start a case from the start form, the case’s first step landing in the inbox', async () => {
    // given
    await sales.goto(`${ui.baseUrl}/#/inbox`);
    await sales.waitForSelector('#inbox-empty');
    await ui.shoot(sales, 'inbox-empty');
    // when
    await sales.click('#start-case');
    await sales.click('.process-card[data-process-key="lead-to-cash"]');
    await sales.fill('#start-business-key', 'lead-initech');
    await fillStartForm(sales, { leadId: String(leadId) });
    await ui.shoot(sales, 'start-case');
    await sales.click('#start-submit');
    // then
    await sales.waitForURL(/#\/inbox$/);
    await card(sales, 'Task_qualifyLead').waitFor();
    await expect(card(sales, 'Task_qualifyLead').textContent()).resolves.toMatch(/Qualify lead.*lead-initech.*due in 2 days/);
  });

  it('should complete the step through its form, and the step leaves the inbox', async () => {
    // given
    await card(sales, 'Task_qualifyLead').locator('a.task-main').click();
    await sales.waitForSelector('#task-form .fjs-form');
    await expect(sales.textContent('#task-title')).resolves.toBe('Qualify lead');
    // when
    await sales.check('#task-form input[type="checkbox"]');
    await ui.shoot(sales, 'task-form');
    await sales.click('#task-complete');
    // then
    await sales.waitForURL(/#\/inbox$/);
    await card(sales, 'Task_prepareProposal').waitFor({ timeout: 20_000 });
    await expect(card(sales, 'Task_qualifyLead').count()).resolves.toBe(0);
  });

  it('should complete the proposal through its form, with the fields the next steps need', async () => {
    // given: the next owner's inbox is open in another tab, before the step exists
    await manager.goto(`${ui.baseUrl}/#/inbox`);
    await manager.waitForSelector('#inbox-empty');
    await card(sales, 'Task_prepareProposal').locator('a.task-main').click();
    await sales.waitForSelector('#task-form .fjs-form');
    // when
    await fillField(sales, 'Deal title', 'Widgets for Initech');
    await pickOption(sales, 'Product', 'Widget');
    await fillField(sales, 'Quantity', '4');
    await fillField(sales, /Discount/, '15');
    await sales.click('#task-complete');
    // then
    await sales.waitForURL(/#\/inbox$/);
    await sales.waitForSelector('#inbox-empty', { timeout: 20_000 });
  });

  it('should show the next step in the next owner’s inbox without a reload', async () => {
    // then: the manager's inbox, open all along, shows it (no reload, no navigation)
    await card(manager, 'Task_approveDiscount').waitFor({ timeout: 20_000 });
    await expect(card(manager, 'Task_approveDiscount').textContent()).resolves.toMatch(/Approve discount.*lead-initech/);
    await ui.shoot(manager, 'inbox-next-owner');
  });

  it('should fit a tablet’s width, every action in reach', async () => {
    // when
    await manager.setViewportSize({ width: 820, height: 1180 });
    // then
    const claim = card(manager, 'Task_approveDiscount').locator('button[data-action="claim"]');
    await expect(claim.isVisible()).resolves.toBe(true);
    const box = await claim.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(820);
    await expect(manager.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(820);
    await ui.shoot(manager, 'inbox-tablet');
  });
});
