import { Form, FormEditor } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import { h } from '../shell/dom.js';

/**
 * The embedded form of a user task, edited with form-js's editor beside a live preview.
 * Resolves with the new schema on Apply, or null when closed without applying.
 */
export function editFormInDialog(taskName: string, schema: Record<string, unknown>): Promise<Record<string, unknown> | null> {
  const editorBox = h('div.form-editor', { id: 'form-editor' });
  const previewBox = h('div.form-preview', { id: 'form-preview' });
  const apply = h('button.primary', { type: 'button', id: 'form-apply' }, 'Apply to the task');
  const cancel = h('button', { type: 'button', id: 'form-cancel' }, 'Cancel');
  const dialog = h(
    'dialog.form-dialog',
    { id: 'form-dialog', 'aria-label': `Form of ${taskName}` },
    h('header.form-dialog-head', h('h2', `Form of “${taskName}”`), h('div.toolbar-actions', cancel, apply)),
    h('div.form-dialog-body', h('section.form-pane', h('h3', 'Edit'), editorBox), h('section.form-pane.preview', h('h3', 'Preview'), previewBox)),
  );
  document.body.append(dialog);
  const editor = new FormEditor({ container: editorBox });
  const preview = new Form({ container: previewBox });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refreshPreview = async () => {
    await preview.importSchema(editor.saveSchema());
    previewBox.dataset.updated = String(Date.now());
  };

  return new Promise((resolve) => {
    const close = (result: Record<string, unknown> | null) => {
      clearTimeout(timer);
      editor.destroy();
      preview.destroy();
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    apply.addEventListener('click', () => close(editor.saveSchema() as Record<string, unknown>));
    cancel.addEventListener('click', () => close(null));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(null);
    });
    editor.on('changed', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refreshPreview(), 150);
    });
    dialog.showModal();
    void editor.importSchema(schema).then(refreshPreview);
  });
}
