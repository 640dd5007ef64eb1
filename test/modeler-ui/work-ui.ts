import type { Worker } from '@temporalio/worker';
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { deployShippedProcesses } from '../../deployments/deploy-shipped.js';
import { createWorker } from '../../worker/create-worker.js';
import { TEST_PASSWORD } from '../support/api.js';
import { startUi, type UiHarness } from './browser.js';

export interface WorkUi extends UiHarness {
  /** A new tab (its own session) with `username` logged in through the login form. */
  pageAs(username: string, groups: string[]): Promise<Page>;
  /** Bearer-token headers of a user, for setting up data through the API. */
  headersOf(username: string, groups: string[]): Promise<Record<string, string>>;
  /** Saves a PNG of `page` under __screenshots__/ when UI_SCREENSHOTS is set. */
  shoot(page: Page, name: string): Promise<void>;
}

/**
 * The browser harness with the shipped processes deployed and a real worker running them,
 * so the pages drive real cases: each user works in their own tab, as they would.
 */
export async function startWorkUi(taskQueue: string): Promise<WorkUi> {
  const ui = await startUi(taskQueue);
  await deployShippedProcesses(ui.db.pool);
  const worker: Worker = await createWorker({ temporalAddress: inject('temporalAddress'), namespace: 'default', taskQueue, pool: ui.db.pool });
  const running = worker.run();
  const pages: Page[] = [];
  const errors: string[] = [];
  return {
    ...ui,
    async pageAs(username, groups) {
      await ui.api.as(username, groups);
      const page = await ui.page.context().newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => errors.push(`${username}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`${username} console: ${message.text()}`);
      });
      if (process.env.UI_DEBUG) page.on('console', (message) => console.log(`[${username}] ${message.text()}`));
      await page.goto(`${ui.baseUrl}/`);
      await page.fill('#login-username', username);
      await page.fill('#login-password', TEST_PASSWORD);
      await page.click('#login-submit');
      await page.waitForSelector('#who');
      pages.push(page);
      return page;
    },
    headersOf: (username, groups) => ui.api.as(username, groups),
    async shoot(page, name) {
      if (!process.env.UI_SCREENSHOTS) return;
      await mkdir(new URL('./__screenshots__/', import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL(`./__screenshots__/${name}.png`, import.meta.url).pathname, fullPage: false });
    },
    async close() {
      for (const page of pages) await page.close();
      worker.shutdown();
      await running;
      await ui.close();
      if (errors.length) throw new Error(`Errors in the pages: ${errors.join('; ')}`);
    },
  };
}
