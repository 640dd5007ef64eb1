/** The parts of bpmn-moddle's elements that the lint rules read. */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  $instanceOf?(type: string): boolean;
  id?: string;
  name?: string;
  [property: string]: unknown;
}

/** bpmnlint's reporter: one problem for one element id. */
export interface Reporter {
  report(id: string | undefined, message: string): void;
}

/** A bpmnlint rule, as its factories return. */
export interface LintRule {
  check(node: ModdleElement, reporter: Reporter): void;
}

export function is(node: ModdleElement | undefined, type: string): boolean {
  if (!node) return false;
  return node.$instanceOf ? node.$instanceOf(type) : node.$type === type;
}

export function localType(node: ModdleElement): string {
  return node.$type.slice(node.$type.indexOf(':') + 1);
}

/** The `zeebe:*` (or other) extension element of a type, e.g. 'zeebe:TaskDefinition'. */
export function extension(node: ModdleElement | undefined, type: string): ModdleElement | undefined {
  const values = (node?.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? [];
  return values.find((value) => value.$type === type);
}

export function extensions(node: ModdleElement): ModdleElement[] {
  return (node.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? [];
}

export function list(node: ModdleElement | undefined, property: string): ModdleElement[] {
  const value = node?.[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

export function textOf(node: ModdleElement | undefined, property: string): string {
  const value = node?.[property];
  if (typeof value === 'string') return value.trim();
  // Formal expressions (conditions, timers) keep their text in `body`.
  if (value && typeof value === 'object' && typeof (value as { body?: unknown }).body === 'string') return (value as { body: string }).body.trim();
  return '';
}

/** "a", "an": the compiler's wording, so lint and Deploy read the same. */
export function article(words: string): string {
  return `${/^[aeiou]/i.test(words) ? 'An' : 'A'} ${words}`;
}
