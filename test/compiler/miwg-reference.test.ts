import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../compiler/index.js';
import { MIWG_FOLDER as folder, miwgReferences as files } from '../support/conformance.js';

describe('MIWG reference diagrams', () => {
  it('should find all 21 of them', () => {
    expect(files).toHaveLength(21);
  });

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
