import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiHarness } from './browser.js';
import { MIWG_FOLDER as MIWG, miwgReferences } from '../support/conformance.js';

const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const references = miwgReferences;

/** What the page can parse XML with; the tests are type-checked without the DOM library. */
interface PageXml {
  DOMParser: new () => {
    parseFromString(xml: string, type: string): {
      getElementsByTagNameNS(namespace: string, name: string): ArrayLike<{ getAttribute(name: string): string | null }>;
    };
  };
}

describe('the modeler with the MIWG reference diagrams', () => {
  let ui: UiHarness;
  const warningsByFile: Record<string, string[]> = {};
  beforeAll(async () => {
    ui = await startUi('modeler-ui-conformance');
    await ui.logIn('dana', ['designers']);
    await ui.page.waitForSelector('#deploy:enabled');
  });
  afterAll(async () => {
    const warned = Object.entries(warningsByFile).filter(([, warnings]) => warnings.length);
    if (warned.length) console.info(`MIWG import warnings:\n${warned.map(([file, w]) => `  ${file}: ${w.join(' | ')}`).join('\n')}`);
    await ui?.close();
  });

  /** Ids of the semantic elements (BPMN model namespace, not DI), read by the browser's own XML parser. */
  const semanticIds = (xml: string) =>
    ui.page.evaluate(
      ({ xml, namespace }) => {
        const document = new (globalThis as unknown as PageXml).DOMParser().parseFromString(xml, 'application/xml');
        const ids = Array.from(document.getElementsByTagNameNS(namespace, '*'), (element) => element.getAttribute('id'));
        return ids.filter((id): id is string => Boolean(id));
      },
      { xml, namespace: BPMN_MODEL },
    );

  it.each(references)('should import, display and export %s without losing an element', async (file) => {
    // given
    const { page } = ui;
    const original = readFileSync(new URL(file, MIWG), 'utf8');
    // when
    await page.setInputFiles('#import-file', { name: file, mimeType: 'application/xml', buffer: Buffer.from(original) });
    const outcome = await page.waitForSelector(`#modeler-canvas[data-diagram="${file}"], #modeler-canvas[data-diagram="failed:${file}"]`);
    const importedWithoutError = (await outcome.getAttribute('data-diagram')) === file;
    await ui.screenshot(`miwg-${file.replace('.bpmn', '')}`);
    warningsByFile[file] = await page.$$eval('#problems[data-kind="warning"] .problem-message', (items) => items.map((item) => item.textContent ?? ''));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xml')]);
    const exported = readFileSync(await download.path(), 'utf8');
    // then
    expect(importedWithoutError, (await page.textContent('#problems')) ?? '').toBe(true);
    await expect(page.locator('#modeler-canvas .djs-shape').count()).resolves.toBeGreaterThan(0);
    const before = await semanticIds(original);
    const after = new Set(await semanticIds(exported));
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((id) => !after.has(id))).toEqual([]);
  });
});
