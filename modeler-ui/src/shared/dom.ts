/**
 * Builds DOM nodes. Text children become text nodes, so nothing from the server is ever
 * parsed as HTML.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
export type Props = Record<string, unknown>;

function isProps(value: unknown): value is Props {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Node);
}

function append(node: Node & ParentNode, children: Child[]): void {
  for (const child of (children as unknown[]).flat(Infinity as 1) as Child[]) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * `h('button.primary', {onClick}, 'Save')`: classes after dots; `on<Event>` props become
 * listeners, `dataset` fills data attributes, other props become attributes or properties.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K | `${K}.${string}`, props?: Props | Child, ...children: Child[]): HTMLElementTagNameMap[K] {
  if (!isProps(props)) return h(tag, {}, props as Child, ...children);
  const [name, ...classes] = tag.split('.') as [K, ...string[]];
  const node = document.createElement(name);
  if (classes.length) node.className = classes.join(' ');
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else if (key === 'class') node.classList.add(...String(value).split(/\s+/).filter(Boolean));
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && typeof value !== 'string') (node as unknown as Record<string, unknown>)[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Replaces everything inside `node`. */
export function fill<T extends Node & ParentNode>(node: T, ...children: Child[]): T {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** "1 task", "3 tasks". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
