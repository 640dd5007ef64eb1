import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiHarness } from './browser.js';

const hello = readFileSync(new URL('../../processes/bpmn/hello.bpmn', import.meta.url), 'utf8');

describe('the instances pages', () => {
  let ui: UiHarness;
  let instanceId: string;
  beforeAll(async () => {
    ui = await startUi('modeler-ui-instances');
    const admin = await ui.api.as('ada', ['admin']);
    await ui.api.app.request('/api/deployments', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'hello.bpmn', xml: hello }) });
    await ui.logIn('walter', ['warehouse']);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('should refuse variables that are not a JSON object, before calling the server', async () => {
    // given
    const { page } = ui;
    await page.goto(`${ui.baseUrl}/#/instances`);
    await page.waitForSelector('#start-process option[value="hello"]', { state: 'attached' });
    // when
    await page.fill('#start-variables', '[1, 2]');
    await page.click('#start-instance');
    // then
    await expect(page.textContent('#start-variables-error')).resolves.toContain('must be a JSON object');
  });

  it('should start an instance with variables and open it', async () => {
    // given
    const { page } = ui;
    await page.fill('#start-business-key', 'ORDER-1042');
    await page.fill('#start-variables', '{ "name": "Ada" }');
    // when
    await page.click('#start-instance');
    // then
    await page.waitForURL(/#\/instances\/[0-9a-f-]{36}$/);
    instanceId = page.url().split('/').pop()!;
    await page.waitForSelector('#instance-canvas .djs-element[data-element-id="Task_greet"]');
    await expect(page.textContent('#instance-title')).resolves.toBe('hello v1');
    await expect(page.textContent('#instance-variables')).resolves.toContain('"name": "Ada"');
    await expect(page.textContent('#instance-facts')).resolves.toContain('ORDER-1042');
  });

  it('should mark completed and active elements in their colours, refreshing while it runs', async () => {
    // given: the progress the worker records for the instance (written here, so no worker is needed)
    const { page } = ui;
    await ui.db.pool.query(
      `UPDATE bpm.process_instances SET status = 'running', completed_elements = $2, active_elements = $3 WHERE instance_id = $1`,
      [instanceId, ['StartEvent_hello', 'Flow_to_greet'], ['Task_greet']],
    );
    // when: the page's next refresh (every 2 s)
    await page.waitForSelector('#instance-canvas .djs-element.active[data-element-id="Task_greet"]', { timeout: 5_000 });
    // then
    const completed = await page.$$eval('#instance-canvas .djs-element.completed', (elements) => elements.map((e) => e.getAttribute('data-element-id')));
    expect(completed.sort()).toEqual(['Flow_to_greet', 'StartEvent_hello']);
    await ui.screenshot('instance-running');
    // when: it completes
    await ui.db.pool.query(
      `UPDATE bpm.process_instances SET status = 'completed', ended_at = now(), active_elements = '{}',
         completed_elements = $2 WHERE instance_id = $1`,
      [instanceId, ['StartEvent_hello', 'Flow_to_greet', 'Task_greet', 'Flow_to_end', 'EndEvent_hello']],
    );
    // then
    await page.waitForSelector('#view[data-status="completed"]', { timeout: 5_000 });
    await expect(page.locator('#instance-canvas .djs-element.active').count()).resolves.toBe(0);
    await expect(page.locator('#instance-canvas .djs-element.completed').count()).resolves.toBe(5);
  });

  it('should list the instance', async () => {
    // when
    await ui.page.click('a.back');
    // then
    const row = ui.page.locator(`tr[data-instance-id="${instanceId}"]`);
    await expect(row.textContent()).resolves.toMatch(/hello v1.*ORDER-1042.*completed/);
    await ui.screenshot('instances-list');
  });

  it('should open the task inbox, or say that it is not available yet', async () => {
    // when
    await ui.page.click('#nav a[href="#/inbox"]');
    // then
    await ui.page.waitForSelector('#task-list > *');
    const text = await ui.page.textContent('#task-list');
    expect(text).toMatch(/not available yet|Nothing to do|Task/);
    await ui.screenshot('task-inbox');
  });
});
