// bpmnlint ships types for its internals only; the part used here.
declare module 'bpmnlint' {
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
  }
  export class Linter {
    constructor(options: {
      config: { rules: Record<string, string> };
      resolver: { resolveRule(pkg: string, ruleName: string): unknown; resolveConfig(pkg: string, configName: string): unknown };
    });
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
  }
}
