/**
 * What the compiler tells a process designer: one entry per problem, with the id of
 * the element at fault (null when the problem belongs to the document as a whole).
 */
export interface Problem {
  elementId: string | null;
  message: string;
}

/**
 * Collects errors (the diagram cannot be deployed) and warnings (it runs, but looks
 * wrong) so that every problem is reported at once instead of throwing at the first.
 */
export class ProblemReport {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  private readonly seen = new Set<string>();

  error(elementId: string | null, message: string): void {
    this.add(this.errors, 'E', elementId, message);
  }

  warning(elementId: string | null, message: string): void {
    this.add(this.warnings, 'W', elementId, message);
  }

  /** Whether an error was already reported against this element. */
  hasErrorFor(elementId: string): boolean {
    return this.errors.some((problem) => problem.elementId === elementId);
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  // The same fault can be found on two paths (a flow read from both of its ends);
  // designers should read it once.
  private add(list: Problem[], severity: string, elementId: string | null, message: string): void {
    const key = `${severity}\u0000${elementId ?? ''}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push({ elementId, message });
  }
}
