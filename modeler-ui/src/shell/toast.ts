import { h } from './dom.js';

let timer: ReturnType<typeof setTimeout> | undefined;

/** A short message at the bottom of the screen. */
export function toast(message: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  let box = document.getElementById('toast');
  if (!box) {
    box = h('div', { id: 'toast', role: 'status', 'aria-live': 'polite' });
    document.body.append(box);
  }
  box.className = `toast toast-${kind} visible`;
  box.textContent = message;
  clearTimeout(timer);
  const shown = box;
  timer = setTimeout(() => shown.classList.remove('visible'), kind === 'error' ? 7000 : 3500);
}
