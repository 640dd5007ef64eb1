/**
 * Builds DOM nodes. Text children become text nodes, so nothing from the server is ever
 * parsed as HTML.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
export type Props = Record<string, unknown>;

/**
 * @param tag  e.g. 'button' or 'div.card' (classes after dots)
 * @param props  attributes; `on<Event>` props become listeners, `dataset` fills data-*
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K | `${K}.${string}`, props?: Props | Child, ...children: Child[]): HTMLElementTagNameMap[K] {
  if (!isProps(props)) return h(tag, {}, props, ...children);
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

/** Props are a plain object; a node, text or list in second place is already a child. */
function isProps(value: unknown): value is Props {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Node);
}

function append(node: Node, children: Child[]): void {
  for (const child of children.flat(Infinity as 1) as Child[]) {
    if (child === undefined || child === null || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `node`. */
export function fill<T extends Node>(node: T, ...children: Child[]): T {
  while (node.firstChild) node.removeChild(node.firstChild);
  append(node, children);
  return node;
}

/** "3 min ago" for recent times, a date otherwise. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return date.toLocaleString();
}

/** "1 problem", "3 problems". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
