import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { TEST_PASSWORD, testApi, type TestApi } from '../support/api.js';
import { CHROMIUM_PATH as CHROMIUM } from '../support/chromium.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = new URL('./__screenshots__/', import.meta.url);

export interface UiHarness {
  db: TestDatabase;
  api: TestApi;
  /** http://127.0.0.1:<port>, the real app over a real socket. */
  baseUrl: string;
  page: Page;
  /** Creates the user and logs in through the login form. */
  logIn(username: string, groups: string[]): Promise<void>;
  /** Saves a PNG under test/modeler-ui/__screenshots__/ when UI_SCREENSHOTS is set. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The real app on a free port, one Chromium (fresh profile) and one page for a test file. */
export async function startUi(taskQueue: string): Promise<UiHarness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const db = await freshDatabase();
  const api = await testApi(db.pool, taskQueue);
  // Requests still being answered when the page closes (a workflow query under the client's
  // retries, say) must finish before the Temporal connection closes: a retry timer firing on a
  // closed channel throws where no test can catch it.
  let answering = 0;
  const fetch = async (request: Request) => {
    answering += 1;
    try {
      return await api.app.fetch(request);
    } finally {
      answering -= 1;
    }
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = await mkdtemp(join(tmpdir(), 'bpm-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 860 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Waits, not performance bounds: a task's completion goes through a Temporal update, seconds on a loaded machine.
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Console errors count too; a refused request (401 on a wrong password, 422 on Deploy) is the
  // browser reporting an HTTP status the page handles, not an error of the page.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${message.text()}`);
  });
  if (process.env.UI_DEBUG) page.on('console', (message) => console.log(`[page] ${message.text()}`));
  if (process.env.UI_DEBUG) page.on('response', (response) => console.log(`[page] ${response.status()} ${response.url()}`));
  if (process.env.UI_DEBUG) page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));

  return {
    db,
    api,
    baseUrl,
    page,
    async logIn(username, groups) {
      await api.as(username, groups);
      await page.goto(`${baseUrl}/`);
      await page.fill('#login-username', username);
      await page.fill('#login-password', TEST_PASSWORD);
      await page.click('#login-submit');
      await page.waitForSelector('#who');
    },
    async screenshot(name) {
      if (!process.env.UI_SCREENSHOTS) return;
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
      await new Promise((resolve) => server.close(resolve));
      for (const deadline = Date.now() + 15_000; answering > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
      await api.close();
      await db.drop();
      if (pageErrors.length) throw new Error(`Uncaught errors in the page: ${pageErrors.join('; ')}`);
    },
  };
}
