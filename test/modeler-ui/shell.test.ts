import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiHarness } from './browser.js';

describe('the web app shell', () => {
  let ui: UiHarness;
  beforeAll(async () => {
    ui = await startUi('modeler-ui-shell');
  });
  afterAll(async () => {
    await ui?.close();
  });

  const navLabels = () => ui.page.$$eval('#nav a', (links) => links.map((link) => link.textContent));
  const logOut = async () => {
    await ui.page.click('#logout');
    await ui.page.waitForSelector('#login-form');
  };

  it('should serve the built app at / and show the login form', async () => {
    // when
    const response = await ui.page.goto(`${ui.baseUrl}/`);
    // then
    expect(response?.status()).toBe(200);
    await ui.page.waitForSelector('#login-form');
    expect(await ui.page.$$eval('script[type="module"]', (scripts) => scripts.map((script) => script.getAttribute('src')))).toEqual([expect.stringMatching(/^\/assets\/index-.+\.js$/)]);
    await ui.screenshot('login');
  });

  it('should say why a login fails', async () => {
    // given
    await ui.api.as('nobody-yet', ['sales']);
    // when
    await ui.page.fill('#login-username', 'nobody-yet');
    await ui.page.fill('#login-password', 'not the password');
    await ui.page.click('#login-submit');
    // then
    await ui.page.waitForSelector('#login-error:not(:empty)');
    await expect(ui.page.textContent('#login-error')).resolves.toMatch(/\w+/);
    await expect(ui.page.isVisible('#nav')).resolves.toBe(false);
  });

  it('should land a designer in the modeler', async () => {
    // when
    await ui.logIn('dana', ['designers']);
    // then
    await ui.page.waitForURL(/#\/processes$/);
    await ui.page.waitForSelector('#modeler-canvas .djs-container');
    await expect(ui.page.getAttribute('#view', 'data-page')).resolves.toBe('modeler');
    await expect(ui.page.getAttribute('#nav a.active', 'data-page')).resolves.toBe('modeler');
    expect(await navLabels()).toContain('Processes');
    await logOut();
  });

  it('should land an employee in their inbox, with no modeler to reach', async () => {
    // when
    await ui.logIn('walter', ['warehouse']);
    // then
    await ui.page.waitForURL(/#\/inbox$/);
    await ui.page.waitForSelector('#task-list > *');
    expect(await navLabels()).not.toContain('Processes');
    expect(await navLabels()).toContain('Inbox');
    // when: the modeler's address typed by hand
    await ui.page.goto(`${ui.baseUrl}/#/processes`);
    // then
    await ui.page.waitForSelector('#not-allowed');
    await expect(ui.page.locator('#modeler-canvas').count()).resolves.toBe(0);
    await logOut();
  });

  it('should land a manager on the dashboard', async () => {
    // when
    await ui.logIn('mona', ['managers']);
    // then
    await ui.page.waitForURL(/#\/sla$/);
    await expect(ui.page.getAttribute('#view', 'data-page')).resolves.toBe('sla');
    expect(await navLabels()).toContain('Dashboard');
    expect(await navLabels()).not.toContain('Processes');
  });
});
