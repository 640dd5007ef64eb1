import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../support/api.js';
import { startWorkUi, type WorkUi } from '../work-ui.js';

const clientCheck = readFileSync(new URL('./Incident.client-card.bpmn', import.meta.url), 'utf8');

/**
 * A case stops in an incident (its client does not exist yet); a manager sees it on the
 * process's diagram and on the case's page, fixes the cause and retries from the page,
 * which keeps refreshing until the case completes.
 */
describe('the process monitor', () => {
  let ui: WorkUi;
  let manager: Page;
  let instanceId: string;
  let sales: Record<string, string>;
  beforeAll(async () => {
    ui = await startWorkUi('modeler-ui-monitor');
    const designer = await ui.headersOf('dana.designer', ['designers']);
    expect((await ui.api.app.request('/api/deployments', { method: 'POST', headers: designer, body: JSON.stringify({ name: 'client-check.bpmn', xml: clientCheck }) })).status).toBe(201);
    sales = await ui.headersOf('sam.sales', ['sales']);
    instanceId = (await readJson(await ui.api.app.request('/api/process-instances', { method: 'POST', headers: sales, body: JSON.stringify({ processKey: 'client-check', businessKey: 'CHECK-1', variables: { clientId: 1 } }) }))).instanceId;
    manager = await ui.pageAs('mia.manager', ['managers']);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('should count the incident on the element of the process diagram', async () => {
    // when
    await manager.goto(`${ui.baseUrl}/#/instances`);
    await manager.selectOption('#monitor-process', 'client-check');
    // then
    await manager.waitForSelector('#monitor-canvas .count-badge.count-incident', { timeout: 30_000 });
    await expect(manager.textContent('#monitor-canvas .count-badge.count-incident')).resolves.toBe('1');
    await expect(manager.locator(`#instance-table tr[data-instance-id="${instanceId}"]`).textContent()).resolves.toMatch(/Client check.*CHECK-1.*incident/);
    await ui.shoot(manager, 'monitor-statistics');
  });

  it('should show the incident on the case page, retry it, and follow the case to its end', async () => {
    // given
    await manager.click(`#instance-table tr[data-instance-id="${instanceId}"] a`);
    await manager.waitForSelector('.incident-item[data-element-id="Task_readCard"]');
    await manager.waitForSelector('#instance-canvas .djs-element.incident[data-element-id="Task_readCard"]');
    await expect(manager.textContent('.incident-item')).resolves.toMatch(/Read client card/);
    await ui.shoot(manager, 'instance-incident');
    // when: the client now exists, and the manager retries
    expect((await ui.api.app.request('/api/crm/clients', { method: 'POST', headers: sales, body: JSON.stringify({ name: 'Initech', creditLimit: 5000 }) })).status).toBe(201);
    await manager.click('.incident-item button[data-action="retry"]');
    // then
    await manager.waitForSelector('.page-instance[data-status="completed"], [data-status="completed"]', { timeout: 30_000 });
    await expect(manager.locator('.incident-item').count()).resolves.toBe(0);
    await manager.waitForSelector('#instance-canvas .djs-element.completed[data-element-id="End"]');
    await expect(manager.textContent('#instance-history')).resolves.toMatch(/Read client card/);
    await ui.shoot(manager, 'instance-retried');
  });

  it('should cancel a case after asking, and show it cancelled', async () => {
    // given: another case stuck on a client that does not exist
    const stuck = (await readJson(await ui.api.app.request('/api/process-instances', { method: 'POST', headers: sales, body: JSON.stringify({ processKey: 'client-check', businessKey: 'CHECK-2', variables: { clientId: 999 } }) }))).instanceId;
    await manager.goto(`${ui.baseUrl}/#/instances/${stuck}`);
    await manager.waitForSelector('.incident-item[data-element-id="Task_readCard"]', { timeout: 30_000 });
    // when: the manager first keeps it, then cancels it
    await manager.click('#instance-cancel');
    await manager.click('#confirm-keep');
    await expect(manager.locator('#confirm-dialog').count()).resolves.toBe(0);
    await manager.click('#instance-cancel');
    await manager.click('#confirm-action');
    // then
    await manager.waitForSelector('[data-status="cancelled"]', { timeout: 30_000 });
    await expect(manager.locator('#instance-cancel').count()).resolves.toBe(0);
    await expect(manager.textContent('#instance-open-steps')).resolves.toMatch(/cancelled/);
  });

  it('should keep the diagram usable at tablet width', async () => {
    // when
    await manager.setViewportSize({ width: 820, height: 1180 });
    await manager.reload();
    await manager.waitForSelector('#instance-canvas .djs-element[data-element-id="Task_readCard"]');
    // then: the diagram takes the full width, above the details
    const canvas = await manager.locator('#instance-canvas').boundingBox();
    const side = await manager.locator('#instance-open-steps').boundingBox();
    expect(canvas!.width).toBeGreaterThan(700);
    expect(side!.y).toBeGreaterThan(canvas!.y + canvas!.height);
    await ui.shoot(manager, 'instance-tablet');
  });
});
