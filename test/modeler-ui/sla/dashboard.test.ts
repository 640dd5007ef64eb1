import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../support/api.js';
import { eventually } from '../../support/process-runner.js';
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
  let instances: { late: string };
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

  const startCase = async (businessKey: string) =>
    (await readJson(await ui.api.app.request('/api/process-instances', { method: 'POST', headers: sales, body: JSON.stringify({ processKey: 'quick-callback', businessKey }) }))).instanceId as string;
  /** Sales claims and completes the case's call-back, through the API. */
  const callBack = async (instanceId: string) => {
    const task = await eventually(async () => {
      const tasks = (await readJson(await ui.api.app.request('/api/tasks?filter=group', { headers: sales }))) as Array<{ id: string; instanceId: string }>;
      return tasks.find((candidate) => candidate.instanceId === instanceId);
    }, 'the call-back task');
    expect((await ui.api.app.request(`/api/tasks/${task.id}/claim`, { method: 'POST', headers: sales, body: '{}' })).status).toBe(200);
    expect((await ui.api.app.request(`/api/tasks/${task.id}/complete`, { method: 'POST', headers: sales, body: JSON.stringify({ variables: {} }) })).status).toBe(200);
  };

  it('should show breaches appear while the dashboard is open, on the list, the figures and the diagram', async () => {
    // given: the dashboard is open on the process, nothing is late
    await manager.goto(`${ui.baseUrl}/#/sla`);
    await manager.selectOption('#sla-process', 'quick-callback');
    await manager.waitForSelector('#sla-no-open-breaches');
    // when: three cases start whose step is due in 4 seconds; one is called back at once
    const [first, second, third] = [await startCase('CALL-1'), await startCase('CALL-2'), await startCase('CALL-3')];
    await callBack(third!);
    // then: the other two breach on screen
    const rows = manager.locator('#sla-open-breaches tr[data-element-id="Task_callBack"]');
    await rows.nth(1).waitFor({ timeout: 30_000 });
    await expect(rows.first().textContent()).resolves.toMatch(/Call the client back.*Quick call-back.*sales/);
    await manager.waitForSelector('#sla-heat-canvas .djs-element.heat-4[data-element-id="Task_callBack"]');
    await expect(manager.textContent('#sla-kpis')).resolves.toMatch(/2\s*open breaches/);
    await manager.waitForSelector('#bell-count:not([hidden])', { timeout: 40_000 });
    expect([first, second]).toEqual([expect.any(String), expect.any(String)]);
    instances = { late: second! };
  });

  it('should close a breach when its task is completed late, and rate the step', async () => {
    // when
    await callBack(instances.late);
    // then: one breach left open; one of two completed tasks was on time
    // (a polled locator, not waitForFunction: its string predicate needs eval, which the CSP refuses)
    await expect.poll(() => manager.locator('#sla-open-breaches tr[data-element-id]').count(), { timeout: 30_000 }).toBe(1);
    await expect(manager.textContent('#sla-kpis')).resolves.toMatch(/1\s*open breaches.*2\s*breaches in period.*50 %\s*on time/);
    await manager.setViewportSize({ width: 1400, height: 1600 });
    await manager.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))'); // charts redraw at the new size
    await ui.shoot(manager, 'sla-dashboard');
    await manager.setViewportSize({ width: 1400, height: 860 });
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
