/* global document, setTimeout, clearTimeout */
import { h } from './dom.js';

let timer;

/** A short message at the bottom of the screen; `kind` is 'ok', 'error' or 'info'. */
export function toast(message, kind = 'info') {
  let box = document.getElementById('toast');
  if (!box) {
    box = h('div', { id: 'toast', role: 'status', 'aria-live': 'polite' });
    document.body.append(box);
  }
  box.className = `toast toast-${kind} visible`;
  box.textContent = message;
  clearTimeout(timer);
  timer = setTimeout(() => box.classList.remove('visible'), kind === 'error' ? 7000 : 3500);
}
