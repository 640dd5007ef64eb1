import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../support/api.js';
import { startUi, type UiHarness } from '../browser.js';

const hello = readFileSync(new URL('../../../processes/bpmn/hello.bpmn', import.meta.url), 'utf8');

/**
 * The monitor's list and case page follow the recorded progress of a case (written here
 * into the instance summary, so no worker is needed) and keep refreshing in every state.
 */
describe('the process monitor pages', () => {
  let ui: UiHarness;
  let instanceId: string;
  beforeAll(async () => {
    ui = await startUi('modeler-ui-instances');
    const admin = await ui.api.as('ada', ['admin']);
    await ui.api.app.request('/api/deployments', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'hello.bpmn', xml: hello }) });
    instanceId = (await readJson(await ui.api.app.request('/api/process-instances', { method: 'POST', headers: admin, body: JSON.stringify({ processKey: 'hello', businessKey: 'ORDER-1042', variables: { name: 'Ada' } }) }))).instanceId;
    await ui.logIn('mia', ['managers']);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('should list the case with its process, business key and status, filtered by business key', async () => {
    // when
    await ui.page.goto(`${ui.baseUrl}/#/instances`);
    const row = ui.page.locator(`tr[data-instance-id="${instanceId}"]`);
    await row.waitFor();
    // then
    await expect(row.textContent()).resolves.toMatch(/hello v1.*ORDER-1042.*running/i);
    await ui.page.fill('#monitor-business-key', 'NO-SUCH');
    await expect(row.count()).resolves.toBe(0);
    await ui.page.fill('#monitor-business-key', 'order-10');
    await expect(row.count()).resolves.toBe(1);
  });

  it('should mark completed and active elements in their colours, refreshing while it runs and after it ends', async () => {
    // given
    const { page } = ui;
    await page.click(`tr[data-instance-id="${instanceId}"] a`);
    await page.waitForSelector('#instance-canvas .djs-element[data-element-id="Task_greet"]');
    await ui.db.pool.query(`UPDATE bpm.process_instances SET status = 'running', completed_elements = $2, active_elements = $3 WHERE instance_id = $1`, [
      instanceId,
      ['StartEvent_hello', 'Flow_to_greet'],
      ['Task_greet'],
    ]);
    // when: the page's next refresh (every 2 s)
    await page.waitForSelector('#instance-canvas .djs-element.active[data-element-id="Task_greet"]', { timeout: 5_000 });
    // then
    const completed = await page.$$eval('#instance-canvas .djs-element.completed', (elements) => elements.map((e) => e.getAttribute('data-element-id')));
    expect(completed.sort()).toEqual(['Flow_to_greet', 'StartEvent_hello']);
    await expect(page.textContent('#instance-variables')).resolves.toMatch(/name\s*Ada/);
    // when: it completes
    await ui.db.pool.query(
      `UPDATE bpm.process_instances SET status = 'completed', ended_at = now(), active_elements = '{}', completed_elements = $2 WHERE instance_id = $1`,
      [instanceId, ['StartEvent_hello', 'Flow_to_greet', 'Task_greet', 'Flow_to_end', 'EndEvent_hello']],
    );
    // then
    await page.waitForSelector('[data-status="completed"]', { timeout: 5_000 });
    await expect(page.locator('#instance-canvas .djs-element.active').count()).resolves.toBe(0);
    await expect(page.locator('#instance-canvas .djs-element.completed').count()).resolves.toBe(5);
    await expect(page.textContent('#instance-open-steps')).resolves.toMatch(/the case is complete/);
  });
});
