import CamundaModeler from 'camunda-bpmn-js/lib/camunda-cloud/Modeler';
import 'camunda-bpmn-js/dist/assets/camunda-cloud-modeler.css';
import { api, ApiProblem } from '../shell/api.js';
import { count, h } from '../shell/dom.js';
import type { PageContext, PageHandle, RouteParams } from '../shell/pages.js';
import { toast } from '../shell/toast.js';
import { canvasOf, type ServiceLocator } from './bpmn-services.js';
import { download, processKeyOf } from './diagram-file.js';
import { newDiagramXml } from './new-diagram.js';
import { createProblemsPanel, type Problem } from './problems-panel.js';
import { createProcessList } from './process-list.js';
import type { DeploymentResult, ProcessDefinition } from './types.js';

interface OpenDiagram {
  xml: string;
  name: string;
  caption: string;
  key: string | null;
}

/**
 * Designers' page: deployed processes on the left, Camunda's modeler (bpmn-js with the
 * Zeebe properties panel) in the middle and right, Validate (dry run), Deploy and Download;
 * problems from the server are marked on the canvas and listed under it.
 */
export async function mountModeler(view: HTMLElement, params: RouteParams, context: PageContext): Promise<PageHandle> {
  const listBox = h('div.sidebar-body');
  const fileInput = h('input', { type: 'file', accept: '.bpmn,.xml,application/xml,text/xml', hidden: true, id: 'import-file', onChange: () => void importChosenFile() });
  const title = h('h2.editor-title', { id: 'diagram-title' }, 'Loading…');
  const status = h('span.editor-status', { id: 'diagram-status', role: 'status' });
  const canvasBox = h('div.canvas', { id: 'modeler-canvas', tabIndex: 0, 'aria-label': 'Diagram' });
  const propertiesBox = h('aside.properties', { id: 'properties-panel', 'aria-label': 'Properties' });
  const problemsBox = h('section.problems', { id: 'problems', hidden: true, 'aria-label': 'Problems' });

  view.append(
    h(
      'div.page.page-processes',
      h(
        'aside.sidebar',
        h('div.sidebar-head', h('h1', 'Processes')),
        h(
          'div.sidebar-actions',
          h('button', { type: 'button', id: 'new-diagram', onClick: () => void guard(openNew) }, 'New diagram'),
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
            h('button', { type: 'button', id: 'download-xml', onClick: () => void downloadXml() }, 'Download .bpmn'),
            h('button', { type: 'button', id: 'validate', onClick: () => void submit(true) }, 'Validate'),
            h('button.primary', { type: 'button', id: 'deploy', onClick: () => void submit(false) }, 'Deploy'),
          ),
        ),
        h('div.workspace', canvasBox, propertiesBox),
        problemsBox,
      ),
    ),
  );

  // Nothing can be clicked before the modeler has a diagram.
  const actions = view.querySelectorAll('button');
  for (const button of actions) button.disabled = true;

  const modeler = new CamundaModeler({ container: canvasBox, propertiesPanel: { parent: propertiesBox }, keyboard: { bindTo: canvasBox } });
  const diagram = modeler as unknown as ServiceLocator;
  const problems = createProblemsPanel(problemsBox, () => diagram);
  const list = createProcessList(listBox);
  let opened: OpenDiagram | null = null;
  let dirty = false;
  // Camunda's modules fix up a fresh import (executable flag, origin): those are not edits.
  let settling = false;
  let savedXml = '';

  modeler.on('commandStack.changed', () => {
    if (settling) return;
    dirty = true;
    status.textContent = 'Unsaved changes';
  });

  async function settle() {
    await new Promise((resolve) => setTimeout(resolve, 0));
    savedXml = (await modeler.saveXML({ format: true })).xml ?? '';
    dirty = false;
    settling = false;
  }

  /** Opens a diagram; when it cannot be opened, the one before stays as it was. */
  async function openDiagram(next: OpenDiagram): Promise<boolean> {
    settling = true;
    try {
      const { warnings } = await modeler.importXML(next.xml);
      await settle();
      opened = next;
      title.textContent = next.caption;
      status.textContent = warnings.length ? `Opened with ${count(warnings.length, 'warning')}` : '';
      list.select(next.key);
      problems.reset();
      if (warnings.length) {
        // bpmn-js types the warnings as strings; they are errors that name their element.
        const listed: Problem[] = (warnings as unknown as Array<{ element?: { id?: string }; message: string }>).map((warning) => ({ elementId: warning.element?.id ?? null, message: warning.message, severity: 'warning', source: 'import' }));
        problems.report(listed, count(warnings.length, 'import warning'));
      }
      fitToDiagram();
      canvasBox.dataset.diagram = next.name;
      return true;
    } catch (error) {
      if (opened) await modeler.importXML(opened.xml).catch(() => undefined); // back to what was there, untouched
      settling = false;
      canvasBox.dataset.diagram = `failed:${next.name}`;
      problems.report([{ elementId: null, message: `${next.name} cannot be opened as BPMN: ${(error as Error).message}`, severity: 'error', source: 'import' }], 'Not opened');
      toast(`${next.name} was not opened: ${(error as Error).message}`, 'error');
      return false;
    }
  }

  /** Fit to the diagram, not beyond 100 %, so a small diagram is not blown up. */
  function fitToDiagram() {
    const canvas = canvasOf(diagram);
    canvas.zoom('fit-viewport', 'auto');
    if (canvas.viewbox().scale > 1) canvas.zoom(1, 'auto');
  }

  async function openKey(key: string, version?: number) {
    try {
      const definition = await api<ProcessDefinition>(`/api/process-definitions/${encodeURIComponent(key)}`, { query: { version } });
      await openDiagram({ xml: definition.xml, name: `${definition.key}.bpmn`, caption: `${definition.name || definition.key} · v${definition.version}`, key });
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  }

  const blank = () => openDiagram({ xml: newDiagramXml(), name: 'new-process.bpmn', caption: 'New diagram', key: null });

  async function openNew() {
    history.replaceState(null, '', '#/processes');
    await blank();
  }

  async function importChosenFile() {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file || !(await guard())) return;
    if (await openDiagram({ xml: await file.text(), name: file.name, caption: file.name, key: null })) history.replaceState(null, '', '#/processes');
  }

  /** Asks before throwing away unsaved edits. */
  async function guard(then?: () => Promise<void>): Promise<boolean> {
    if (dirty && (await modeler.saveXML({ format: true })).xml === savedXml) dirty = false; // edited and undone
    if (dirty && !window.confirm('Discard the unsaved changes of this diagram?')) return false;
    if (then) await then();
    return true;
  }

  async function downloadXml() {
    const { xml } = await modeler.saveXML({ format: true });
    const name = opened?.name.endsWith('.bpmn') ? opened.name : `${processKeyOf(modeler.getDefinitions())}.bpmn`;
    download(name, xml ?? '');
  }

  async function submit(dryRun: boolean) {
    const { xml } = await modeler.saveXML({ format: true });
    problems.clearReport();
    try {
      const result = await api<DeploymentResult>('/api/deployments', { method: 'POST', query: { dryRun: dryRun || undefined }, body: { name: opened?.name ?? 'diagram.bpmn', xml } });
      const warnings: Problem[] = (result.warnings ?? []).map((warning) => ({ ...warning, severity: 'warning', source: 'server' }));
      if (warnings.length) problems.report(warnings, count(warnings.length, 'deployment warning'));
      if (dryRun) {
        toast(`Valid: ${result.processes.map((process) => process.key).join(', ')} can be deployed`, 'ok');
        status.textContent = 'Valid';
        return;
      }
      const deployed = result.processes.map((process) => `${process.key} v${process.version}`).join(', ');
      dirty = false;
      savedXml = xml ?? '';
      const [first] = result.processes;
      if (first) {
        title.textContent = `${first.name || first.key} · v${first.version}`;
        opened = { xml: xml ?? '', name: `${first.key}.bpmn`, caption: title.textContent, key: first.key };
        history.replaceState(null, '', `#/processes/${encodeURIComponent(first.key)}`);
      }
      status.textContent = `Deployed ${deployed}`;
      toast(`Deployed ${deployed}`, 'ok');
      await list.refresh();
      list.select(first?.key ?? null);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 422) {
        const listed: Problem[] = error.errors.map((problem) => ({ ...problem, severity: 'error', source: 'server' }));
        problems.report(listed, `${count(listed.length, 'problem')}: not ${dryRun ? 'valid' : 'deployed'}`);
        status.textContent = dryRun ? 'Not valid' : 'Not deployed';
      } else {
        toast((error as Error).message, 'error');
      }
    }
  }

  await list.refresh();
  if (params.key) await openKey(params.key);
  else await blank();
  for (const button of actions) button.disabled = false;
  void context;

  return {
    async update(next) {
      if (next.key && next.key !== opened?.key && (await guard())) await openKey(next.key);
    },
    destroy() {
      modeler.destroy();
    },
  };
}
