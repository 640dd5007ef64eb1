/** A problem with a diagram, from lint, the server or the import; the panel and the lint share it. */
export type Severity = 'error' | 'warning';
/** Where a problem comes from: lint as you draw, the server after Validate/Deploy, or the import. */
export type ProblemSource = 'lint' | 'server' | 'import';

export interface Problem {
  elementId?: string | null;
  message: string;
  severity: Severity;
  source: ProblemSource;
  /** The lint rule, for lint problems. */
  rule?: string;
}

