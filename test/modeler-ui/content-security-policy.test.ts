import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually } from '../support/process-runner.js';
import { startWorkUi, type WorkUi } from './work-ui.js';

/**
 * The app under its own Content-Security-Policy (api/hardening.ts): every page that draws
 * diagrams, forms and charts renders with zero violations, as Chromium reports them both
 * as `securitypolicyviolation` events and as console messages.
 */
describe('the web app under its Content-Security-Policy', () => {
  let ui: WorkUi;
  const violations: string[] = [];
  const watch = async (page: Page) => {
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
    await page.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (event) => window.reportCspViolation(event.violatedDirective + ' ' + event.blockedURI));",
    });
  };
  beforeAll(async () => {
    ui = await startWorkUi('modeler-ui-csp');
    await watch(ui.page);
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
  });

  it('should send the policy with the page', async () => {
    // when
    const response = await ui.page.goto(`${ui.baseUrl}/`);
    // then
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response?.headers()['content-security-policy']).not.toMatch(/unsafe-eval/);
  });

  it('should render the modeler with no violation', async () => {
    // when
    await ui.logIn('dana', ['designers']);
    await ui.page.waitForURL(/#\/processes$/);
    await ui.page.waitForSelector('#modeler-canvas .djs-container .djs-element');
    await ui.shoot(ui.page, 'csp-modeler');
    // then
    expect(violations).toEqual([]);
  });

  it('should render the inbox with a task and its form, and the SLA dashboard, with no violation', async () => {
    // given: a case with an open task for sales
    const sales = await ui.headersOf('sam', ['sales']);
    const started = await ui.api.app.request('/api/process-instances', {
      method: 'POST',
      headers: sales,
      body: JSON.stringify({ processKey: 'lead-to-cash', businessKey: 'CSP-1', variables: { leadId: 1 } }),
    });
    const instanceId = (await readJson(started)).instanceId as string;
    await eventually(async () => {
      const tasks = (await readJson(await ui.api.app.request('/api/tasks?filter=all', { headers: sales }))) as Array<{ instanceId: string }>;
      return tasks.find((task) => task.instanceId === instanceId);
    }, 'the task');
    // when
    const seller = await ui.pageAs('sam', ['sales']);
    await watch(seller);
    await seller.reload();
    await seller.waitForSelector('#task-list > *');
    await seller.click('#task-list > *');
    await seller.waitForSelector('#task-form .fjs-form');
    await ui.shoot(seller, 'csp-inbox');
    const manager = await ui.pageAs('mia', ['managers']);
    await watch(manager);
    await manager.goto(`${ui.baseUrl}/#/sla`);
    await manager.reload();
    await manager.waitForSelector('#sla-process');
    await manager.waitForTimeout(1_000);
    await ui.shoot(manager, 'csp-sla');
    // then
    expect(violations).toEqual([]);
  });

  it('should render the API docs (Scalar, from our origin) with no violation, under a policy of their own', async () => {
    // when: the same tab, logged in to the web app, opens the docs
    const response = await ui.page.goto(`${ui.baseUrl}/api/docs`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'unsafe-eval'/);
    await ui.page.waitForSelector('#docs *');
    await ui.page.waitForTimeout(1_500);
    await ui.shoot(ui.page, 'csp-api-docs');
    // then
    expect(violations).toEqual([]);
  });
});
