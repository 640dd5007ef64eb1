/* global window, history */
import { api, ApiProblem } from './api.js';
import { loadModeler } from './bpmn-bundles.js';
import { download, processKeyOf } from './diagram-file.js';
import { count, h } from './dom.js';
import { newDiagramXml } from './new-diagram.js';
import { createProblemsPanel } from './problems.js';
import { createProcessList } from './process-list.js';
import { canDesign } from './session.js';
import { toast } from './toast.js';

/**
 * Designers' page: deployed processes on the left, the bpmn-js Modeler on the right with
 * Validate (dry run), Deploy and Download; problems from the server are marked on the canvas.
 */
export async function mount(view, params) {
  const listBox = h('div.sidebar-body');
  const fileInput = h('input', { type: 'file', accept: '.bpmn,.xml,application/xml,text/xml', hidden: true, id: 'import-file', onChange: importChosenFile });
  const title = h('h2.editor-title', { id: 'diagram-title' }, 'Loading…');
  const status = h('span.editor-status', { id: 'diagram-status' });
  const canvasBox = h('div.canvas', { id: 'modeler-canvas' });
  const problemsBox = h('section.problems', { id: 'problems', hidden: true, 'aria-label': 'Problems' });
  const designer = canDesign();

  view.append(
    h(
      'div.page.page-processes',
      h(
        'aside.sidebar',
        h('div.sidebar-head', h('h1', 'Processes')),
        h(
          'div.sidebar-actions',
          h('button', { type: 'button', id: 'new-diagram', onClick: () => guard(openNew) }, 'New diagram'),
          h('button', { type: 'button', id: 'import-diagram', onClick: () => fileInput.click() }, 'Import .bpmn'),
          fileInput,
        ),
        listBox,
      ),
      h(
        'section.editor',
        h(
          'div.toolbar',
          h('div.toolbar-title', title, status),
          h(
            'div.toolbar-actions',
            h('button', { type: 'button', id: 'download-xml', onClick: downloadXml }, 'Download XML'),
            designer && h('button', { type: 'button', id: 'validate', onClick: () => submit(true) }, 'Validate'),
            designer && h('button.primary', { type: 'button', id: 'deploy', onClick: () => submit(false) }, 'Deploy'),
          ),
        ),
        canvasBox,
        problemsBox,
      ),
    ),
  );

  // Nothing can be clicked before the modeler exists.
  const actions = view.querySelectorAll('button');
  for (const button of actions) button.disabled = true;
  const Modeler = await loadModeler();
  const modeler = new Modeler({ container: canvasBox });
  const problems = createProblemsPanel(problemsBox, () => modeler);
  const list = createProcessList(listBox);
  let fileName = 'diagram.bpmn';
  let dirty = false;
  modeler.on('commandStack.changed', (event) => {
    if (event.trigger === 'clear') return; // a fresh import, not an edit
    dirty = true;
    status.textContent = 'Unsaved changes';
  });

  async function importXml(xml, { name, caption, key = null }) {
    problems.clear();
    try {
      const { warnings } = await modeler.importXML(xml);
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      fileName = name;
      dirty = false;
      title.textContent = caption;
      status.textContent = warnings.length ? `Imported with ${count(warnings.length, 'warning')}` : '';
      list.select(key);
      if (warnings.length) {
        const listed = warnings.map((warning) => ({ elementId: warning.element?.id ?? null, message: warning.message }));
        problems.show(listed, { title: `${count(warnings.length, 'import warning')}`, kind: 'warning' });
      }
      canvasBox.dataset.diagram = name;
    } catch (error) {
      canvasBox.dataset.diagram = `failed:${name}`;
      status.textContent = 'Import failed';
      problems.show([{ elementId: null, message: error.message }], { title: 'This file cannot be opened as BPMN' });
    }
  }

  async function openKey(key) {
    try {
      const definition = await api(`/api/process-definitions/${encodeURIComponent(key)}`);
      await importXml(definition.xml, { name: `${definition.key}.bpmn`, caption: `${definition.name || definition.key} · v${definition.version}`, key });
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  const blank = () => importXml(newDiagramXml(), { name: 'new-process.bpmn', caption: 'New diagram' });

  function openNew() {
    history.replaceState(null, '', '#/processes');
    return blank();
  }

  async function importChosenFile() {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file || !(await guard())) return;
    history.replaceState(null, '', '#/processes');
    await importXml(await file.text(), { name: file.name, caption: file.name });
  }

  /** Asks before throwing away unsaved edits. */
  async function guard(then) {
    if (dirty && !window.confirm('Discard the unsaved changes of this diagram?')) return false;
    if (then) await then();
    return true;
  }

  async function downloadXml() {
    const { xml } = await modeler.saveXML({ format: true });
    download(fileName.endsWith('.bpmn') ? fileName : `${processKeyOf(modeler)}.bpmn`, xml);
  }

  async function submit(dryRun) {
    const { xml } = await modeler.saveXML({ format: true });
    problems.clear();
    try {
      const result = await api(`/api/deployments${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', body: { name: fileName, xml } });
      const deployed = result.processes.map((process) => `${process.key} v${process.version}`).join(', ');
      // Deployment warnings (e.g. a variable no earlier step provides) are listed, not blocking.
      if (result.warnings?.length) problems.show(result.warnings, { title: `${count(result.warnings.length, 'warning')}`, kind: 'warning' });
      if (dryRun) {
        toast(`Valid: ${result.processes.map((process) => process.key).join(', ')} can be deployed`, 'ok');
        return;
      }
      dirty = false;
      const [first] = result.processes;
      if (first) {
        title.textContent = `${first.name || first.key} · v${first.version}`;
        history.replaceState(null, '', `#/processes/${encodeURIComponent(first.key)}`);
      }
      status.textContent = `Deployed ${deployed}`;
      toast(`Deployed ${deployed}`, 'ok');
      await list.refresh();
      list.select(first?.key ?? null);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 422) {
        problems.show(error.errors, { title: `${count(error.errors.length, 'problem')}: not ${dryRun ? 'valid' : 'deployed'}` });
        status.textContent = dryRun ? 'Not valid' : 'Not deployed';
      } else {
        toast(error.message, 'error');
      }
    }
  }

  await list.refresh();
  if (params.key) await openKey(params.key);
  else await blank();
  for (const button of actions) button.disabled = false;

  return {
    async update(next) {
      if (next.key && (await guard())) await openKey(next.key);
    },
    destroy() {
      modeler.destroy();
    },
  };
}
