import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { startUi, type UiHarness } from './browser.js';

const leadToCash = readFileSync(new URL('../../processes/bpmn/lead-to-cash.bpmn', import.meta.url), 'utf8');
const hello = readFileSync(new URL('../../processes/bpmn/hello.bpmn', import.meta.url), 'utf8');

/** The "Must show": a designer edits lead-to-cash in the properties panel and deploys version 2. */
describe('a designer in the modeler', () => {
  let ui: UiHarness;
  let designer: Record<string, string>;
  beforeAll(async () => {
    ui = await startUi('modeler-ui-journey');
    designer = await ui.api.as('dana', ['designers']);
    const deployed = await ui.api.app.request('/api/deployments', { method: 'POST', headers: designer, body: JSON.stringify({ name: 'lead-to-cash.bpmn', xml: leadToCash }) });
    expect(deployed.status).toBe(201);
    await ui.logIn('dana', ['designers']);
  });
  afterAll(async () => {
    await ui?.close();
  });

  const select = async (elementId: string) => {
    await ui.page.click(`#modeler-canvas .djs-element[data-element-id="${elementId}"] .djs-hit`, { position: { x: 10, y: 10 } });
    await ui.page.waitForSelector(`#modeler-canvas .djs-element.selected[data-element-id="${elementId}"]`);
  };
  const openGroup = async (groupId: string) => {
    const header = ui.page.locator(`#properties-panel [data-group-id="group-${groupId}"] .bio-properties-panel-group-header`);
    if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
  };
  const lintErrorsOn = (elementId: string) => ui.page.locator(`#problems .problem-item.error.from-lint button[data-element-id="${elementId}"]`).count();

  it('should open lead-to-cash with no lint problem', async () => {
    // when
    await ui.page.click('.process-list a[data-key="lead-to-cash"]');
    // then
    await ui.page.waitForSelector('#modeler-canvas[data-diagram="lead-to-cash.bpmn"]');
    await expect(ui.page.getAttribute('#problems', 'data-errors')).resolves.toBe('0');
    await ui.screenshot('journey-1-opened');
  });

  it('should change an assignee and a due date in the properties panel', async () => {
    // given
    const { page } = ui;
    await select('Task_qualifyLead');
    await openGroup('assignmentDefinition');
    // when
    await page.fill('#properties-panel [data-entry-id="assignmentDefinitionAssignee"] input', 'sam');
    const dueDate = page.locator('#properties-panel [data-entry-id="taskScheduleDueDate"] .cm-content');
    await dueDate.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('now() + duration("P4D")');
    // then
    await page.waitForSelector('#diagram-status:has-text("Unsaved changes")');
    await ui.screenshot('journey-2-properties');
  });

  it('should mark a new service task without a type, and clear the mark once a template is applied', async () => {
    // given: a task dropped on the flow from "Read client card" to "Prepare proposal", made a service task
    const { page } = ui;
    const flow = await page.locator('#modeler-canvas .djs-connection[data-element-id="Flow_toProposal"] .djs-hit').boundingBox();
    const drop = { x: flow!.x + flow!.width / 2, y: flow!.y + flow!.height / 2 };
    await page.click('#modeler-canvas .djs-palette .entry[data-action="create.task"]');
    await page.mouse.move(drop.x - 40, drop.y + 60, { steps: 6 });
    await page.mouse.move(drop.x, drop.y, { steps: 8 });
    await page.mouse.click(drop.x, drop.y);

    const newId = await page.$eval('#modeler-canvas .djs-shape.selected', (element) => element.getAttribute('data-element-id')!);
    expect(leadToCash).not.toContain(`id="${newId}"`);
    await page.click('.djs-context-pad .entry[data-action="replace"]');
    await page.click('.djs-popup .entry[data-id="replace-with-service-task"]');
    const serviceTaskId = await page.$eval('#modeler-canvas .djs-shape.selected', (element) => element.getAttribute('data-element-id')!);
    // then: lint says what Deploy would refuse
    await expect.poll(() => lintErrorsOn(serviceTaskId)).toBe(1);
    await expect(page.textContent('#problems')).resolves.toContain('no task type');
    await ui.screenshot('journey-3-lint-problem');
    // when: the template "ERP: create shipment" is applied
    await page.click('#properties-panel .bio-properties-panel-select-template-button');
    await page.fill('.djs-popup-search input', 'create shipment');
    await page.click('.djs-popup .entry[data-id="apply-template-bpm-engine.erp.createShipment"]');
    // then
    await expect.poll(() => lintErrorsOn(serviceTaskId)).toBe(0);
    await expect(page.getAttribute('#problems', 'data-errors')).resolves.toBe('0');
    await ui.screenshot('journey-4-template-applied');
  });

  it('should deploy version 2 whose XML carries the changed zeebe: attributes', async () => {
    // when
    await ui.page.click('#deploy');
    // then
    await ui.page.waitForSelector('#diagram-status:has-text("Deployed lead-to-cash v2")');
    const stored = await readJson(await ui.api.app.request('/api/process-definitions/lead-to-cash?version=2', { headers: designer }));
    expect(stored).toMatchObject({ key: 'lead-to-cash', version: 2, deployedBy: 'dana' });
    expect(stored.xml).toMatch(/<bpmn:userTask id="Task_qualifyLead"[\s\S]*?<zeebe:assignmentDefinition assignee="sam"/);
    expect(stored.xml).toContain('dueDate="=now() + duration(&#34;P4D&#34;)"');
    expect(stored.xml).toMatch(/<zeebe:taskDefinition type="erp.createShipment" retries="3" \/>/);
    expect(stored.xml).toContain('<zeebe:input source="=orderId" target="orderId" />');
    await ui.screenshot('journey-5-deployed');
  });

  it('should tell who deployed version 2 and when, and mark what changed since version 1', async () => {
    // given
    const { page } = ui;
    await expect(page.textContent('#version-facts')).resolves.toContain('deployed by dana');
    await expect(page.$eval('#version-select', (select) => (select as unknown as { value: string }).value)).resolves.toBe('2');
    // when
    await page.click('#compare-previous');
    // then
    await page.waitForSelector('#compare-summary:not([hidden])');
    const changed = (await page.getAttribute('#compare-summary', 'data-changed'))!.split(' ');
    const added = (await page.getAttribute('#compare-summary', 'data-added'))!.split(' ');
    expect(changed).toContain('Task_qualifyLead');
    expect(added.length).toBeGreaterThanOrEqual(2); // the new task and the flow it split off
    await expect(page.locator('#modeler-canvas .djs-element.diff-changed[data-element-id="Task_qualifyLead"]').count()).resolves.toBe(1);
    await expect(page.locator('#modeler-canvas .djs-element.diff-added').count()).resolves.toBe(added.length);
    await ui.screenshot('journey-6-compare');
    // when: version 1 picked
    await page.selectOption('#version-select', '1');
    // then
    await page.waitForSelector('#diagram-title:has-text("v1")');
    await expect(page.isDisabled('#compare-previous')).resolves.toBe(true);
    await expect(page.textContent('#version-facts')).resolves.toContain('deployed by dana');
  });

  it('should show the server\'s refusal of an unsupported element as a readable overlay on it', async () => {
    // given: hello with its task turned into an ad-hoc sub-process (receive tasks run since issue 14)
    const { page } = ui;
    const unsupported = hello.replace(/<bpmn:serviceTask id="Task_greet"([^>]*)>[\s\S]*?<\/bpmn:serviceTask>/, '<bpmn:adHocSubProcess id="Task_greet"$1 />');
    await page.setInputFiles('#import-file', { name: 'unsupported.bpmn', mimeType: 'application/xml', buffer: Buffer.from(unsupported) });
    await page.waitForSelector('#modeler-canvas[data-diagram="unsupported.bpmn"]');
    // when
    await page.click('#deploy');
    // then
    const fromServer = page.locator('#problems .problem-item.from-server button[data-element-id="Task_greet"] .problem-message');
    await expect(fromServer.textContent()).resolves.toContain('AdHocSubProcess is not supported');
    const overlay = page.locator('.djs-overlays[data-container-id="Task_greet"] .problem-overlay');
    await overlay.locator('.problem-badge').hover();
    const popover = overlay.locator('.problem-popover');
    await expect(popover.isVisible()).resolves.toBe(true);
    await expect(popover.textContent()).resolves.toContain('AdHocSubProcess is not supported by this engine: model the order explicitly in an embedded sub-process.');
    const clipped = await popover.evaluate((element) => element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight);
    expect(clipped).toBe(false);
    await ui.screenshot('journey-7-server-overlay');
  });
});
