import { readFileSync } from 'node:fs';
import { compileBpmn, type CompileResult } from '../../../compiler/index.js';

/** Compile a `.bpmn` fixture that sits beside the spec (`import.meta.url`). */
export async function compileFixture(specUrl: string, fileName: string): Promise<CompileResult> {
  return compileBpmn(readFileSync(new URL(fileName, specUrl), 'utf8'));
}

/** The ids that problems were reported against, in report order. */
export function idsOf(problems: ReadonlyArray<{ elementId: string | null }>): Array<string | null> {
  return problems.map((problem) => problem.elementId);
}
