import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiHarness } from './browser.js';

const leadToCash = readFileSync(new URL('../../processes/bpmn/lead-to-cash.bpmn', import.meta.url), 'utf8');

describe('the embedded form of a user task', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi('modeler-ui-forms');
    await ui.logIn('dana', ['designers']);
    await ui.page.waitForSelector('#deploy:enabled');
    await ui.page.setInputFiles('#import-file', { name: 'lead-to-cash.bpmn', mimeType: 'application/xml', buffer: Buffer.from(leadToCash) });
    await ui.page.waitForSelector('#modeler-canvas[data-diagram="lead-to-cash.bpmn"]');
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('should open in the form editor with a live preview when the user task is selected', async () => {
    // given
    const { page } = ui;
    await page.click('#modeler-canvas .djs-element[data-element-id="Task_qualifyLead"] .djs-hit', { position: { x: 10, y: 10 } });
    // when
    await page.click('#edit-form');
    // then
    await page.waitForSelector('#form-dialog[open] #form-editor .fjs-editor-container');
    await page.waitForSelector('#form-preview[data-updated]');
    await expect(page.textContent('#form-preview')).resolves.toContain('Qualified: the lead has a need, a budget and a buyer');
    await ui.screenshot('form-editor');
  });

  it('should write a changed label into the diagram on Apply', async () => {
    // given
    const { page } = ui;
    await page.click('#form-editor .fjs-element[data-id="Field_qualificationNote"]');
    const general = page.locator('#form-editor [data-group-id="group-general"] .bio-properties-panel-group-header');
    if (!(await general.getAttribute('class'))?.includes('open')) await general.click();
    const label = page.locator('#form-editor [data-entry-id="label"] input, #form-editor [data-entry-id="label"] [contenteditable]').first();
    // when
    await label.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Why (for the sales manager)');
    await expect.poll(() => page.textContent('#form-preview')).toContain('Why (for the sales manager)');
    await page.click('#form-apply');
    // then
    await page.waitForSelector('#form-dialog', { state: 'detached' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xml')]);
    const xml = readFileSync(await download.path(), 'utf8');
    expect(xml).toMatch(/<zeebe:userTaskForm id="Form_qualify">[^<]*Why \(for the sales manager\)/);
    expect(xml).toContain('formKey="camunda-forms:bpmn:Form_qualify"');
  });
});
