/**
 * Typed, read-only access to the objects bpmn-moddle builds. Moddle elements are
 * dynamic (every property is optional, extension elements are open-ended), so the
 * compiler reads them only through these helpers and never trusts a shape.
 */
export interface ModdleNode {
  /** Namespaced type, e.g. `bpmn:ServiceTask`, `zeebe:TaskDefinition`. */
  $type: string;
  [property: string]: unknown;
}

export function isModdleNode(value: unknown): value is ModdleNode {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** A string property, or null when absent or not a string. */
export function text(node: ModdleNode, property: string): string | null {
  const value = node[property];
  return typeof value === 'string' ? value : null;
}

/** A string property with surrounding white space removed; empty counts as absent. */
export function trimmedText(node: ModdleNode, property: string): string | null {
  const value = text(node, property)?.trim();
  return value ? value : null;
}

export function flag(node: ModdleNode, property: string): boolean | null {
  const value = node[property];
  return typeof value === 'boolean' ? value : null;
}

/** A single referenced or contained element. */
export function child(node: ModdleNode, property: string): ModdleNode | null {
  const value = node[property];
  return isModdleNode(value) ? value : null;
}

/** A list of contained or referenced elements (missing list = empty). */
export function children(node: ModdleNode, property: string): ModdleNode[] {
  const value = node[property];
  return Array.isArray(value) ? value.filter(isModdleNode) : [];
}

export function idOf(node: ModdleNode): string | null {
  return text(node, 'id');
}

/** `bpmn:ServiceTask` -> `ServiceTask`. */
export function localType(node: ModdleNode): string {
  const colon = node.$type.indexOf(':');
  return colon < 0 ? node.$type : node.$type.slice(colon + 1);
}

/** The extension elements of a node, e.g. all `zeebe:*` children of `extensionElements`. */
export function extensions(node: ModdleNode): ModdleNode[] {
  const container = child(node, 'extensionElements');
  return container ? children(container, 'values') : [];
}

/** The first extension element of a given type (`zeebe:TaskDefinition`), if any. */
export function extension(node: ModdleNode, type: string): ModdleNode | null {
  return extensions(node).find((value) => value.$type === type) ?? null;
}
