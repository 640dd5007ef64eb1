import { h } from '../shell/dom.js';

export function statusBadge(status: string): HTMLSpanElement {
  return h('span', { class: `badge badge-${status}` }, status);
}
