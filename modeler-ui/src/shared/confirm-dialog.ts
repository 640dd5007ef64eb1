import { h } from '../shell/dom.js';

/**
 * Asks before something that cannot be undone, in the app's own modal (a native
 * confirm() cannot be styled and blocks the page). Resolves true when confirmed.
 */
export function confirmAction(title: string, text: string, action: string): Promise<boolean> {
  return new Promise((resolve) => {
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const confirm = h('button.danger', { type: 'button', id: 'confirm-action', onClick: () => close(true) }, action);
    const dialog = h(
      'dialog.modal',
      { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', onCancel: () => close(false) },
      h('h2', { id: 'confirm-title' }, title),
      h('p.muted', text),
      h('div.modal-actions', h('button', { type: 'button', id: 'confirm-keep', onClick: () => close(false) }, 'Keep it'), confirm),
    );
    document.body.append(dialog);
    dialog.showModal();
    confirm.focus();
  });
}
