import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../support/api.js';
import { fillField, startWorkUi, type WorkUi } from '../work-ui.js';

const refund = readFileSync(new URL('./Task.number-as-text.bpmn', import.meta.url), 'utf8');

/**
 * One task on its page: what to do, comments and history, claim and delegate, and a
 * completion the server refuses, shown on the field it names. (The form's amount field is
 * set to "output as string", which form-js accepts and our server refuses as not a number.)
 */
describe('the task page', () => {
  let ui: WorkUi;
  let sam: Page;
  let sue: Page;
  beforeAll(async () => {
    ui = await startWorkUi('modeler-ui-task');
    const designer = await ui.headersOf('dana.designer', ['designers']);
    expect((await ui.api.app.request('/api/deployments', { method: 'POST', headers: designer, body: JSON.stringify({ name: 'refund.bpmn', xml: refund }) })).status).toBe(201);
    const sales = await ui.headersOf('sam.sales', ['sales']);
    await readJson(await ui.api.app.request('/api/process-instances', { method: 'POST', headers: sales, body: JSON.stringify({ processKey: 'refund', businessKey: 'ORDER-77' }) }));
    sam = await ui.pageAs('sam.sales', ['sales']);
    sue = await ui.pageAs('sue.sales', ['sales']);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  const card = (page: Page) => page.locator('.task-card[data-element-id="Task_decide"]');

  it('should show what to do, with its line breaks, and claim the task from the page', async () => {
    // given
    await sam.goto(`${ui.baseUrl}/#/inbox`);
    await card(sam).waitFor({ timeout: 20_000 });
    await expect(card(sam).textContent()).resolves.toMatch(/Decide the refund.*ORDER-77.*sales.*due in 3 h/);
    // when
    await card(sam).locator('a.task-main').click();
    await sam.waitForSelector('#task-form .fjs-form');
    await sam.click('#task-claim');
    // then
    await sam.waitForSelector('#task-unclaim');
    await expect(sam.textContent('#task-owner')).resolves.toBe('You');
    expect(await sam.$eval('#task-instructions .instructions-text', (node) => (node as unknown as { innerText: string }).innerText)).toBe('Check the order and decide how much to refund.\nWrite the reason the client gave.');
    await sam.waitForSelector('#task-history li[data-kind="claimed"]');
  });

  it('should keep a comment in the history, with its author', async () => {
    // when
    await sam.fill('#comment-text', 'The client sent photos of the damage.');
    await sam.click('#comment-submit');
    // then
    const comment = sam.locator('#task-history li[data-kind="commented"]');
    await comment.waitFor();
    await expect(comment.textContent()).resolves.toMatch(/sam\.sales.*commented.*The client sent photos of the damage\./);
  });

  it('should show the server’s refusal on the field it names, and keep the task open', async () => {
    // given
    ui.expectRefusal(/\/api\/tasks\/[^/]+\/complete$/);
    // when
    await fillField(sam, 'Reason', 'Damaged in transit');
    await fillField(sam, 'Refund amount', '40');
    await sam.click('#task-complete');
    // then
    const amountField = sam.locator('.fjs-form-field:has(label:text("Refund amount"))');
    await amountField.locator('.fjs-form-field-error').waitFor();
    await expect(amountField.locator('.fjs-form-field-error').textContent()).resolves.toMatch(/Refund amount must be a number/);
    await expect(sam.locator('.fjs-form-field:has(label:text("Reason")) .fjs-form-field-error').count()).resolves.toBe(0);
    expect(sam.url()).toMatch(/#\/tasks\//);
    await ui.shoot(sam, 'task-refused');
  });

  it('should delegate the task to a colleague picked by name, and it moves to their inbox at once', async () => {
    // given: Sue's inbox is open and shows the task as claimable by nobody (Sam holds it)
    await sue.goto(`${ui.baseUrl}/#/inbox`);
    await sue.click('button[data-view="mine"]');
    await sue.waitForSelector('#inbox-empty');
    // when
    await sam.click('#task-delegate');
    await sam.fill('#delegate-search', 'sue');
    await sam.click('#delegate-results button[data-username="sue.sales"]');
    // then
    await sam.waitForSelector('#task-history li[data-kind="delegated"]');
    await expect(sam.textContent('#task-owner')).resolves.toBe('sue.sales');
    await card(sue).waitFor({ timeout: 20_000 });
    await expect(card(sue).textContent()).resolves.toMatch(/You/);
  });
});
