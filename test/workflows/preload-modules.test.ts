/**
 * The modules the workflow bundle preloads (worker/create-worker.ts) are evaluated once per
 * workflow thread and shared by every workflow in it. That is only safe for modules that
 * keep no per-workflow state, which rules out anything that reaches @temporalio/workflow
 * (its state is per workflow) or the workflow code itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { preloadModules, workflowBundle } from '../../worker/create-worker.js';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Every module specifier `file` imports at run time (type-only imports are erased). */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers;
}

/** The repository files and the packages `entry` loads, following repository imports. */
function reach(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of valueImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files].map((file) => relative(repoRoot, file)), packages: [...packages] };
}

/** Node's lookup of `name` from `from`: the nearest node_modules folder up the tree that holds it. */
function manifestOf(name: string, from: string): string {
  for (let folder = dirname(from); ; folder = dirname(folder)) {
    const candidate = join(folder, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) throw new Error(`${name} is not installed (looked up from ${from})`);
  }
}

/** A package's own dependencies, transitively: does any of them belong to the Temporal SDK? */
function temporalPackagesUnder(name: string, from: string, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  if (name.startsWith('@temporalio/')) return [name];
  const manifestPath = manifestOf(name, from);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).flatMap((dependency) => temporalPackagesUnder(dependency, manifestPath, seen));
}

describe('preloaded workflow modules', () => {
  it('lists FEEL, which every instance of the bundle would otherwise evaluate anew', () => {
    expect(preloadModules.map((path) => relative(repoRoot, path))).toContain('feel/camunda.ts');
    for (const path of preloadModules) expect(existsSync(path), path).toBe(true);
  });

  it('reach neither @temporalio/workflow nor the workflow code', () => {
    for (const path of preloadModules) {
      const { files, packages } = reach(path);
      expect(files.filter((file) => file.startsWith('workflows/')), path).toEqual([]);
      expect(packages.flatMap((name) => temporalPackagesUnder(name, path)), path).toEqual([]);
    }
  });

  it('are what the bundle loads before any workflow exists', async () => {
    const { code } = await workflowBundle();
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    for (const path of preloadModules) expect(preload).toContain(`"./${relative(repoRoot, path)}"`);
  }, 120_000);
});
