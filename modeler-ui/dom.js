/* global document, Node */
/**
 * Builds DOM nodes. Text children become text nodes, so nothing from the server is ever
 * parsed as HTML.
 * @param {string} tag  e.g. 'button' or 'div.card' (classes after dots)
 * @param {Record<string, unknown>} [props]  attributes; `on<Event>` props become listeners
 * @param {...(Node|string|number|null|undefined|false|Array)} children
 */
export function h(tag, props = {}, ...children) {
  if (!isProps(props)) return h(tag, {}, props, ...children);
  const [name, ...classes] = tag.split('.');
  const node = document.createElement(name);
  if (classes.length) node.className = classes.join(' ');
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') node.classList.add(...String(value).split(/\s+/).filter(Boolean));
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Props are a plain object; a node, text or list in second place is already a child. */
function isProps(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Node);
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** "3 minutes ago" style for recent times, a date otherwise. */
export function when(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return date.toLocaleString();
}

/** "1 problem", "3 problems". */
export function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
