/** A short message at the top of the page that fades by itself. */
let current: HTMLElement | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

export function toast(message: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  current?.remove();
  clearTimeout(timer);
  const node = document.createElement('div');
  node.className = `toast toast-${kind}`;
  node.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  node.textContent = message;
  document.body.append(node);
  current = node;
  requestAnimationFrame(() => node.classList.add('visible'));
  timer = setTimeout(() => {
    node.classList.remove('visible');
    setTimeout(() => node.remove(), 250);
  }, kind === 'error' ? 6000 : 3000);
}
