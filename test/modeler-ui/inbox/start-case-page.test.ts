import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../support/api.js';
import { startUi, type UiHarness } from '../browser.js';
import { fillField } from '../work-ui.js';

const complaint = readFileSync(new URL('./Start.with-form.bpmn', import.meta.url), 'utf8');

/** A process whose start event has a form: the case starts from that form, checked first. */
describe('starting a case from the start event’s form', () => {
  let ui: UiHarness;
  let admin: Record<string, string>;
  beforeAll(async () => {
    ui = await startUi('modeler-ui-start-case');
    admin = await ui.api.as('ada', ['admin']);
    const deployed = await ui.api.app.request('/api/deployments', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'complaint.bpmn', xml: complaint }) });
    expect(deployed.status, JSON.stringify(await deployed.clone().json())).toBe(201);
    await ui.logIn('sam.sales', ['sales']);
  });
  afterAll(async () => {
    await ui?.close();
  });

  const cases = async () => (await readJson(await ui.api.app.request('/api/process-instances?processKey=complaint', { headers: admin }))) as Array<{ instanceId: string; businessKey: string | null }>;

  it('should refuse to start while a required field of the start form is empty', async () => {
    // given
    await ui.page.goto(`${ui.baseUrl}/#/start/complaint`);
    await ui.page.waitForSelector('#start-form .fjs-form');
    await expect(ui.page.isHidden('#start-generated')).resolves.toBe(true);
    // when
    await ui.page.click('#start-submit');
    // then
    await ui.page.waitForSelector('#start-form .fjs-form-field-error');
    await expect(ui.page.textContent('#start-error')).resolves.toBe('Some fields need your attention.');
    expect(await cases()).toEqual([]);
  });

  it('should start the case with the form’s values, typed as the form types them', async () => {
    // when
    await ui.page.fill('#start-business-key', 'COMPLAINT-7');
    await fillField(ui.page, 'Customer name', 'Initech');
    await fillField(ui.page, 'Amount in dispute', '120');
    await ui.screenshot('start-case-form');
    await ui.page.click('#start-submit');
    // then
    await ui.page.waitForURL(/#\/inbox$/);
    const [started] = await cases();
    expect(started).toMatchObject({ businessKey: 'COMPLAINT-7' });
    const instance = await readJson(await ui.api.app.request(`/api/process-instances/${started!.instanceId}`, { headers: admin }));
    expect(instance.variables).toEqual({ customerName: 'Initech', amount: 120 });
  });
});
