import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const engineRoot = resolve(import.meta.dirname, '../../engine');

/** Every .ts file under engine/, as a path relative to engine/. */
function engineFiles(folder = engineRoot): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return engineFiles(path);
    return entry.name.endsWith('.ts') ? [relative(engineRoot, path)] : [];
  });
}

/**
 * The engine files `file` imports at run time. Type-only imports are erased by the
 * compiler and cannot form a circle at load time, so they do not count.
 */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(engineRoot, file), 'utf8'), ts.ScriptTarget.Latest);
  const imported: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typeOnly) specifier = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      specifier = statement.moduleSpecifier;
    }
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    const target = relative(engineRoot, resolve(engineRoot, dirname(file), specifier.text.replace(/\.js$/, '.ts')));
    if (!target.startsWith('..')) imported.push(target);
  }
  return imported;
}

/** The first circle found by a depth-first walk, as the files along it; null when there is none. */
export function findCircle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    const circle = visit(file);
    if (circle) return circle;
  }
  return null;
}

describe('engine import graph', () => {
  it('should find a circle when there is one', () => {
    // given
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]);
    // then
    expect(findCircle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });

  it('should have no import circle in engine/', () => {
    // given
    const graph = new Map(engineFiles().map((file) => [file, valueImports(file)]));
    // then
    expect(graph.size).toBeGreaterThan(20);
    expect(findCircle(graph)).toBeNull();
  });

  it('should keep behaviours from importing their siblings: shared code lives in behaviours/shared/', () => {
    // given
    const behaviourFiles = engineFiles().filter((file) => /^behaviours\/(events|gateways|tasks|containers)\//.test(file));
    // then
    const siblingImports = behaviourFiles.flatMap((file) =>
      valueImports(file)
        .filter((target) => target.startsWith('behaviours/') && !target.startsWith('behaviours/shared/'))
        .map((target) => `${file} -> ${target}`),
    );
    expect(siblingImports).toEqual([]);
  });
});
