import { existsSync, readdirSync } from 'node:fs';
import { it } from 'vitest';

/** The BPMN MIWG reference diagrams live beside the repository (../shared/conformance), not in it. */
export const MIWG_FOLDER = new URL('../../../shared/conformance/miwg-reference/', import.meta.url);

export const miwgReferences: string[] = existsSync(MIWG_FOLDER)
  ? readdirSync(MIWG_FOLDER).filter((name) => name.endsWith('.bpmn')).sort()
  : [];

/**
 * A developer's checkout may lack the corpus (the suites then skip); CI always has it
 * beside the clone, so there a missing corpus fails instead of silently passing.
 */
export function requireCorpusInCi(): void {
  if (process.env.CI && miwgReferences.length === 0) {
    it('should find the MIWG reference diagrams beside the repository', () => {
      throw new Error(`CI=true but ${MIWG_FOLDER.pathname} holds no .bpmn files`);
    });
  }
}
