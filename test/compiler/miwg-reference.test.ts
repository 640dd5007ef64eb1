import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../compiler/index.js';

// The BPMN MIWG reference diagrams live outside the repository (../shared/conformance).
const folder = new URL('../../../shared/conformance/miwg-reference/', import.meta.url);
const files = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.bpmn')).sort() : [];

describe.skipIf(files.length === 0)('MIWG reference diagrams (skipped: ../shared/conformance/miwg-reference is absent)', () => {
  it.each(files)('should compile %s or reject it with element ids, never throw', async (file) => {
    // given
    const xml = readFileSync(new URL(file, folder), 'utf8');

    // when
    const result = await compileBpmn(xml);

    // then
    if (result.ok) {
      expect(result.processes.length).toBeGreaterThan(0);
    } else {
      expect(result.errors.length).toBeGreaterThan(0);
      expect(result.errors.every((problem) => problem.elementId !== null)).toBe(true);
    }
  });
});
