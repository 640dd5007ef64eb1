import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { startUi, type UiHarness } from './browser.js';

const hello = readFileSync(new URL('../../processes/bpmn/hello.bpmn', import.meta.url), 'utf8');
const asFile = (name: string, xml: string) => ({ name, mimeType: 'application/xml', buffer: Buffer.from(xml) });

describe('the modeler page', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi('modeler-ui-test');
    await ui.logIn('dana', ['designers']);
    await ui.page.waitForSelector('#deploy:enabled');
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('should show who is logged in', async () => {
    // then
    await expect(ui.page.textContent('#who')).resolves.toContain('dana');
    await expect(ui.page.textContent('#who')).resolves.toContain('designers');
  });

  it('should deploy a diagram imported into the modeler and list it', async () => {
    // given
    const { page } = ui;
    await page.setInputFiles('#import-file', asFile('hello.bpmn', hello));
    await page.waitForSelector('#modeler-canvas[data-diagram="hello.bpmn"]');
    await page.waitForSelector('.djs-element[data-element-id="Task_greet"]');
    // when
    await page.click('#deploy');
    // then
    await page.waitForSelector('.process-list a[data-key="hello"]');
    await expect(page.textContent('.process-list a[data-key="hello"]')).resolves.toContain('hello · v1');
    await expect(page.textContent('#diagram-status')).resolves.toContain('Deployed hello v1');
    const stored = await readJson(await ui.api.app.request('/api/process-definitions/hello', { headers: await ui.api.as('dana', ['designers']) }));
    expect(stored).toMatchObject({ key: 'hello', version: 1, deployedBy: 'dana' });
    expect(stored.xml).toContain('id="Task_greet"');
    await ui.screenshot('modeler-deployed');
  });

  it('should deploy a diagram together with the DMN decisions and the form it calls', async () => {
    // given: a business rule task calling a decision, a user task with a linked form
    const { page } = ui;
    const decisions = new URL('../decisions/', import.meta.url);
    const discount = readFileSync(new URL('BusinessRuleTask.discount.bpmn', decisions), 'utf8');
    await page.setInputFiles('#import-file', asFile('discount.bpmn', discount));
    await page.waitForSelector('.djs-element[data-element-id="Decide_discount"]');
    // when
    await page.setInputFiles('#deploy-resources-file', [
      asFile('discount.dmn', readFileSync(new URL('Discount.rules.dmn', decisions), 'utf8')),
      { name: 'confirm.form', mimeType: 'application/json', buffer: readFileSync(new URL('Discount.confirm.form', decisions)) },
    ]);
    // then
    await page.waitForSelector('#diagram-status:has-text("Deployed")');
    const status = await page.textContent('#diagram-status');
    expect(status).toContain('discount-check v1');
    expect(status).toContain('decision orderDiscount v1');
    expect(status).toContain('form confirm-discount v1');
    await ui.screenshot('modeler-deployed-with-decisions');
    const stored = await readJson(await ui.api.app.request('/api/decision-definitions/orderDiscount', { headers: await ui.api.as('dana', ['designers']) }));
    expect(stored).toMatchObject({ decisionId: 'orderDiscount', version: 1, deployedBy: 'dana' });
  });

  it('should open a deployed process from the list', async () => {
    // given
    const { page } = ui;
    await page.click('#new-diagram');
    await page.waitForSelector('#modeler-canvas[data-diagram="new-process.bpmn"]');
    // when
    await page.click('.process-list a[data-key="hello"]');
    // then
    await page.waitForSelector('#modeler-canvas[data-diagram="hello.bpmn"]');
    await expect(page.textContent('#diagram-title')).resolves.toBe('Hello · v1');
    expect(page.url()).toMatch(/#\/processes\/hello$/);
  });

  it('should mark every problem of a broken diagram on its element, and reveal it on click', async () => {
    // given: the service task loses its type, a flow points nowhere
    const { page } = ui;
    const broken = hello.replace('<zeebe:taskDefinition type="notify.send" retries="3" />', '').replace('name="Send greeting"', 'name="Send greeting (no type)"');
    await page.setInputFiles('#import-file', asFile('broken.bpmn', broken));
    await page.waitForSelector('#modeler-canvas[data-diagram="broken.bpmn"]');
    // when
    await page.click('#validate');
    // then
    await page.waitForSelector('#problems[data-kind="error"] .problem-item');
    const listed = await page.$$eval('#problems .problem-item button', (buttons) => buttons.map((b) => b.getAttribute('data-element-id')));
    expect(listed).toContain('Task_greet');
    const marked = await page.$$eval('.djs-element.problem', (elements) => elements.map((e) => e.getAttribute('data-element-id')));
    expect(marked).toEqual(expect.arrayContaining(['Task_greet']));
    expect(marked.every((id) => listed.includes(id))).toBe(true);
    await expect(page.locator('.djs-overlays[data-container-id="Task_greet"] .problem-overlay').count()).resolves.toBe(1);
    await ui.screenshot('modeler-problems');
    // when
    await page.click('#problems button[data-element-id="Task_greet"]');
    // then
    await page.waitForSelector('.djs-element.selected[data-element-id="Task_greet"]');
  });

  it('should deploy nothing when Validate finds a valid diagram', async () => {
    // given
    const { page } = ui;
    await page.setInputFiles('#import-file', asFile('hello-again.bpmn', hello.replace('name="Hello"', 'name="Hello again"')));
    await page.waitForSelector('#modeler-canvas[data-diagram="hello-again.bpmn"]');
    // when
    await page.click('#validate');
    // then
    await page.waitForSelector('#toast.toast-ok.visible');
    await expect(page.textContent('#toast')).resolves.toContain('Valid');
    await expect(page.isHidden('#problems')).resolves.toBe(true);
    await expect(page.textContent('.process-list a[data-key="hello"]')).resolves.toContain('v1');
  });

  it('should download the diagram as BPMN XML', async () => {
    // given
    const { page } = ui;
    // when
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xml')]);
    // then
    expect(download.suggestedFilename()).toBe('hello-again.bpmn');
    const xml = readFileSync(await download.path(), 'utf8');
    expect(xml).toContain('name="Hello again"');
    expect(xml).toContain('<zeebe:taskDefinition type="notify.send" retries="3" />');
  });

  it('should say why a file cannot be opened, and leave the diagram before it as it was', async () => {
    // given
    const { page } = ui;
    const titleBefore = await page.textContent('#diagram-title');
    // when
    await page.setInputFiles('#import-file', asFile('not-bpmn.bpmn', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p"><bpmn:task id="t">'));
    // then
    await page.waitForSelector('#modeler-canvas[data-diagram="failed:not-bpmn.bpmn"]');
    await expect(page.textContent('#problems')).resolves.toContain('not-bpmn.bpmn cannot be opened as BPMN');
    await expect(page.textContent('#diagram-title')).resolves.toBe(titleBefore);
    await expect(page.locator('#modeler-canvas .djs-element[data-element-id="Task_greet"]').count()).resolves.toBe(1);
    await ui.screenshot('modeler-import-failed');
  });

  it('should stay usable at tablet width: canvas, properties and actions on screen, reachable by keyboard', async () => {
    // given
    const { page } = ui;
    await page.setViewportSize({ width: 820, height: 1180 });
    try {
      // when
      const canvas = await page.locator('#modeler-canvas').boundingBox();
      const properties = await page.locator('#properties-panel').boundingBox();
      const deploy = await page.locator('#deploy').boundingBox();
      // then
      expect(canvas!.width).toBeGreaterThan(400);
      expect(properties!.x + properties!.width).toBeLessThanOrEqual(820);
      expect(deploy!.x + deploy!.width).toBeLessThanOrEqual(820);
      await ui.screenshot('modeler-tablet');
      await page.focus('#download-xml');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).resolves.toBe('deploy');
    } finally {
      await page.setViewportSize({ width: 1400, height: 860 });
    }
  });

  it('should log out and show the login form', async () => {
    // when
    await ui.page.click('#logout');
    // then
    await ui.page.waitForSelector('#login-form');
    await expect(ui.page.evaluate(() => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length)).resolves.toBe(0);
  });
});
