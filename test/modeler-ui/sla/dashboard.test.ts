import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../support/api.js';
import { startWorkUi, type WorkUi } from '../work-ui.js';

const quickCallBack = readFileSync(new URL('./Deadline.seconds.bpmn', import.meta.url), 'utf8');

/**
 * A step with a deadline a few seconds away: the manager, whose dashboard is open, sees
 * the breach appear as it happens, with the step lit on the diagram and the bell ringing.
 */
describe('the SLA dashboard', () => {
  let ui: WorkUi;
  let manager: Page;
  let sales: Record<string, string>;
  beforeAll(async () => {
    ui = await startWorkUi('modeler-ui-sla');
    const designer = await ui.headersOf('dana.designer', ['designers']);
    expect((await ui.api.app.request('/api/deployments', { method: 'POST', headers: designer, body: JSON.stringify({ name: 'quick-callback.bpmn', xml: quickCallBack }) })).status).toBe(201);
    sales = await ui.headersOf('sam.sales', ['sales']);
    manager = await ui.pageAs('mia.manager', ['managers']);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('should show a breach appear while the dashboard is open, on the list, the figures and the diagram', async () => {
    // given: the dashboard is open on the process, nothing is late
    await manager.goto(`${ui.baseUrl}/#/sla`);
    await manager.selectOption('#sla-process', 'quick-callback');
    await manager.waitForSelector('#sla-no-open-breaches');
    // when: a case starts whose step is due in 4 seconds
    const started = await readJson(await ui.api.app.request('/api/process-instances', { method: 'POST', headers: sales, body: JSON.stringify({ processKey: 'quick-callback', businessKey: 'CALL-1' }) }));
    // then
    const row = manager.locator('#sla-open-breaches tr[data-element-id="Task_callBack"]');
    await row.waitFor({ timeout: 30_000 });
    await expect(row.textContent()).resolves.toMatch(/Call the client back.*Quick call-back.*sales/);
    await manager.waitForSelector('#sla-heat-canvas .djs-element.heat-4[data-element-id="Task_callBack"]');
    await expect(manager.textContent('#sla-kpis')).resolves.toMatch(/1\s*open breaches/);
    await manager.waitForSelector('#bell-count:not([hidden])', { timeout: 40_000 });
    await ui.shoot(manager, 'sla-dashboard');
    expect(started.instanceId).toEqual(expect.any(String));
  });

  it('should list the manager’s breach notification under the bell', async () => {
    // when
    await manager.click('#bell');
    // then
    await manager.waitForSelector('#bell-panel:not([hidden]) li');
    await expect(manager.textContent('#bell-panel')).resolves.toMatch(/Call the client back/);
    await ui.shoot(manager, 'notifications');
    await manager.keyboard.press('Escape');
    await expect(manager.isHidden('#bell-panel')).resolves.toBe(true);
  });
});
