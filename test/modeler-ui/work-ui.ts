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
  /**
   * A refusal the test provokes on purpose (Chromium logs every 4xx answer to a fetch as a
   * console error): answers from URLs matching `url` are not counted as page errors.
   */
  expectRefusal(url: RegExp): void;
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
  const expected: RegExp[] = [];
  return {
    ...ui,
    async pageAs(username, groups) {
      await ui.api.as(username, groups);
      const page = await ui.page.context().newPage();
      page.setDefaultTimeout(20_000); // a wait, not a performance bound (see browser.ts)
      page.on('pageerror', (error) => errors.push(`${username}: ${error.message}`));
      page.on('console', (message) => {
        const refused = /status of 4\d\d/.test(message.text()) && expected.some((url) => url.test(message.location().url));
        if (message.type() === 'error' && !refused) errors.push(`${username} console: ${message.text()} (${message.location().url})`);
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
    expectRefusal: (url) => void expected.push(url),
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

/**
 * Fills the start form: the process's own form-js form when it has one, else the
 * generated fields (those the process asks for are there already, named).
 */
export async function fillStartForm(page: Page, values: Record<string, string>): Promise<void> {
  await page.waitForSelector('#start-generated:not([hidden]), #start-form .fjs-form');
  if (!(await page.isVisible('#start-generated'))) {
    for (const [label, value] of Object.entries(values)) await page.getByLabel(label).fill(value);
    return;
  }
  for (const [name, value] of Object.entries(values)) {
    const names = await page.$$eval('#start-fields .field-name', (inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    let index = names.indexOf(name);
    if (index === -1) {
      const empty = names.indexOf('');
      index = empty === -1 ? names.length : empty;
      if (empty === -1) await page.click('#start-add-field');
      await page.locator('#start-fields .field-row').nth(index).locator('.field-name').fill(name);
    }
    const row = page.locator('#start-fields .field-row').nth(index);
    await row.locator('.field-kind').selectOption(/^\d+$/.test(value) ? 'number' : 'text');
    await row.locator('.field-value').fill(value);
  }
}

/** A form-js field of the task or start form, by its label. */
export function formField(page: Page, label: string | RegExp) {
  return page.locator('.fjs-form-field:not(:has(.fjs-form-field))').filter({ has: page.locator('label', { hasText: label }) }).first();
}

/** Types into a form-js field and leaves it (form-js debounces typing and flushes on blur). */
export async function fillField(page: Page, label: string | RegExp, value: string): Promise<void> {
  const input = formField(page, label).locator('input, textarea').first();
  await input.fill(value);
  await input.press('Tab');
}

/** Picks an option of a form-js select (its dropdown may already be open from focus). */
export async function pickOption(page: Page, label: string | RegExp, option: string): Promise<void> {
  const field = formField(page, label);
  const items = field.locator('.fjs-dropdownlist-item', { hasText: option });
  if (!(await items.count())) await field.locator('.fjs-select-display').click();
  await items.first().click();
}
