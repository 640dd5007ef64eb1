import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkUi, type WorkUi } from '../work-ui.js';

/** Each employee sees the steps of the shipped processes that are theirs, and what each asks. */
describe('my responsibilities', () => {
  let ui: WorkUi;
  beforeAll(async () => {
    ui = await startWorkUi('modeler-ui-responsibilities');
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('should list a warehouse employee’s steps by process, with their instructions and lane', async () => {
    // given
    const page = await ui.pageAs('wes.warehouse', ['warehouse']);
    // when
    await page.goto(`${ui.baseUrl}/#/responsibilities`);
    const pick = page.locator('.responsibility-process[data-process-key="lead-to-cash"] .responsibility[data-element-id="Task_pickAndPack"]');
    await pick.waitFor();
    // then
    await expect(pick.textContent()).resolves.toMatch(/Pick and pack.*warehouse.*0 open.*0 late/);
    await expect(pick.locator('.instructions-text').textContent()).resolves.not.toBe('No instructions were written for this step.');
    await expect(page.locator('.responsibility[data-element-id="Task_qualifyLead"]').count()).resolves.toBe(0);
    await ui.shoot(page, 'responsibilities');
  });

  it('should let a manager look at a colleague’s steps', async () => {
    // given
    await ui.headersOf('sam.sales', ['sales']);
    const page = await ui.pageAs('mia.manager', ['managers', 'sales-managers']);
    await page.goto(`${ui.baseUrl}/#/responsibilities`);
    await page.waitForSelector('.responsibility[data-element-id="Task_approveDiscount"]');
    // when
    await page.selectOption('#responsibilities-user', 'sam.sales');
    // then
    await page.waitForSelector('.responsibility[data-element-id="Task_qualifyLead"]');
    await expect(page.locator('.responsibility[data-element-id="Task_approveDiscount"]').count()).resolves.toBe(0);
  });
});
