import { readdirSync } from 'node:fs';

/** The BPMN MIWG reference diagrams, vendored with their licence in test/conformance/miwg-reference/. */
export const MIWG_FOLDER = new URL('../conformance/miwg-reference/', import.meta.url);

export const miwgReferences: string[] = readdirSync(MIWG_FOLDER)
  .filter((name) => name.endsWith('.bpmn'))
  .sort();
