/**
 * Variable scopes, as Camunda 8 has them: the process scope at the root, one local
 * scope per sub-process, multi-instance inner instance and element with input mappings.
 * Setting a variable updates the innermost scope that already holds it, else the
 * process scope ("variable propagation").
 */
export class VariableScope {
  private readonly local: Record<string, unknown>;

  constructor(
    readonly parent: VariableScope | null,
    initial: Record<string, unknown> = {},
  ) {
    this.local = { ...initial };
  }

  child(initial: Record<string, unknown> = {}): VariableScope {
    return new VariableScope(this, initial);
  }

  setLocal(name: string, value: unknown): void {
    this.local[name] = value;
  }

  /** Propagating set: the innermost scope that defines `name`, else the root. */
  set(name: string, value: unknown): void {
    if (Object.hasOwn(this.local, name) || this.parent === null || !this.parent.defines(name)) {
      if (this.parent === null || Object.hasOwn(this.local, name)) this.local[name] = value;
      else this.root().local[name] = value;
      return;
    }
    this.parent.set(name, value);
  }

  private defines(name: string): boolean {
    return Object.hasOwn(this.local, name) || (this.parent !== null && this.parent.defines(name));
  }

  private root(): VariableScope {
    return this.parent === null ? this : this.parent.root();
  }

  setAll(variables: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(variables)) this.set(name, value);
  }

  /** Everything visible from here: inner scopes shadow outer ones. */
  visible(): Record<string, unknown> {
    return this.parent ? { ...this.parent.visible(), ...this.local } : { ...this.local };
  }

  ownVariables(): Record<string, unknown> {
    return { ...this.local };
  }
}
