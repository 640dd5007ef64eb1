import CamundaModeler from 'camunda-bpmn-js/lib/camunda-cloud/Modeler';
import 'camunda-bpmn-js/dist/assets/camunda-cloud-modeler.css';
import { api, ApiProblem } from '../shell/api.js';
import { count, fill, h } from '../shell/dom.js';
import type { PageContext, PageHandle, RouteParams } from '../shell/pages.js';
import { toast } from '../shell/toast.js';
import { canvasOf, registryOf, selectionOf, type ServiceLocator } from './bpmn-services.js';
import { download, processKeyOf } from './diagram-file.js';
import { elementTemplates, knownTaskTypes } from './element-templates.js';
import { createDiagramLinter } from './lint/index.js';
import { newDiagramXml } from './new-diagram.js';
import { createProblemsPanel, type Problem } from './problems-panel.js';
import { createProcessList } from './process-list.js';
import { diffVersions } from './compare-versions.js';
import { createVersionBar } from './version-bar.js';
import { blankForm, readTaskForm, writeTaskForm } from './embedded-form.js';
import type { DeploymentResult, ProcessDefinition } from './types.js';

/** Below this zoom, task names are too small to read. */
const READABLE_SCALE = 0.6;

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
  // Decisions (.dmn) and linked forms (.form) the diagram calls, deployed with it in one deployment.
  const resourcesInput = h('input', { type: 'file', accept: '.dmn,.form', multiple: true, hidden: true, id: 'deploy-resources-file', onChange: () => void deployWithChosenFiles() });
  const title = h('h2.editor-title', { id: 'diagram-title' }, 'Loading…');
  const status = h('span.editor-status', { id: 'diagram-status', role: 'status' });
  const canvasBox = h('div.canvas', { id: 'modeler-canvas', tabIndex: 0, 'aria-label': 'Diagram' });
  const propertiesBox = h('aside.properties', { id: 'properties-panel', 'aria-label': 'Properties' });
  const problemsBox = h('section.problems', { id: 'problems', hidden: true, 'aria-label': 'Problems' });
  const compareSummary = h('div.compare-summary', { id: 'compare-summary', hidden: true, role: 'status' });
  const editFormButton = h('button', { type: 'button', id: 'edit-form', hidden: true, title: 'Edit the form people fill in for this task', onClick: () => void editForm() }, 'Edit form');
  const versions = createVersionBar({
    onOpen: (key, version) => void guard(() => openKey(key, version)),
    onCompare: (previous) => showChanges(previous),
  });

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
          h('div.toolbar-title', title, versions.element, status),
          h(
            'div.toolbar-actions',
            editFormButton,
            h('button', { type: 'button', id: 'download-xml', onClick: () => void downloadXml() }, 'Download .bpmn'),
            h('button', { type: 'button', id: 'validate', onClick: () => void submit(true) }, 'Validate'),
            h('button.primary', { type: 'button', id: 'deploy', onClick: () => void submit(false) }, 'Deploy'),
            h('button', { type: 'button', id: 'deploy-with-files', title: 'Deploy this diagram together with the DMN decisions and forms it calls', onClick: () => resourcesInput.click() }, 'Deploy with .dmn / .form…'),
            resourcesInput,
          ),
        ),
        compareSummary,
        h('div.workspace', canvasBox, propertiesBox),
        problemsBox,
      ),
    ),
  );

  // Nothing can be clicked before the modeler has a diagram.
  const actions = view.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input[type="file"]');
  for (const button of actions) button.disabled = true;

  // disableAdjustOrigin: an opened diagram is not moved about (align-to-origin rewrites DI and breaks on some lane sets, MIWG A.4.0).
  const modeler = new CamundaModeler({ container: canvasBox, propertiesPanel: { parent: propertiesBox }, disableAdjustOrigin: true, elementTemplates } as ConstructorParameters<typeof CamundaModeler>[0]);
  const diagram = modeler as unknown as ServiceLocator;
  const problems = createProblemsPanel(problemsBox, () => diagram);
  const list = createProcessList(listBox);
  let opened: OpenDiagram | null = null;
  let dirty = false;
  // Camunda's modules fix up a fresh import (executable flag, origin): those are not edits.
  let settling = false;
  let savedXml = '';

  const lint = createDiagramLinter(knownTaskTypes);
  let lintTimer: ReturnType<typeof setTimeout> | undefined;
  let lintRun = 0;
  async function lintNow() {
    const run = ++lintRun;
    const found = await lint(modeler.getDefinitions());
    if (run === lintRun) problems.setLint(found); // a later edit's lint wins
    problemsBox.dataset.linted = String(run);
  }
  const lintSoon = () => {
    clearTimeout(lintTimer);
    lintTimer = setTimeout(() => void lintNow(), 250);
  };

  modeler.on('commandStack.changed', () => {
    lintSoon();
    if (settling) return;
    dirty = true;
    status.textContent = 'Unsaved changes';
  });

  /** The one selected user task, if that is what is selected. */
  const selectedUserTask = () => {
    const selected = selectionOf(diagram).get();
    return selected.length === 1 && selected[0]!.businessObject.$type === 'bpmn:UserTask' ? selected[0]! : null;
  };
  modeler.on('selection.changed', () => {
    editFormButton.hidden = !selectedUserTask();
  });

  async function editForm() {
    const task = selectedUserTask();
    if (!task) return;
    const form = readTaskForm(task as never);
    if (form.kind === 'linked') {
      toast(`This task uses the linked form "${form.formId}", deployed separately; edit that form file.`, 'info');
      return;
    }
    const { editFormInDialog } = await import('./form-dialog.js'); // form-js loads only when a form is edited
    const edited = await editFormInDialog(task.businessObject.name || task.id, form.schema ?? blankForm(task.id));
    if (edited) writeTaskForm(diagram, task as never, edited);
  }

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
      versions.show(null, 0);
      compareSummary.hidden = true;
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
      await lintNow();
      canvasBox.dataset.diagram = next.name;
      return true;
    } catch (error) {
      console.warn(`Import of ${next.name} failed`, error);
      if (opened) await modeler.importXML(opened.xml).catch(() => undefined); // back to what was there, untouched
      settling = false;
      canvasBox.dataset.diagram = `failed:${next.name}`;
      problems.report([{ elementId: null, message: `${next.name} cannot be opened as BPMN: ${(error as Error).message}`, severity: 'error', source: 'import' }], 'Not opened');
      toast(`${next.name} was not opened: ${(error as Error).message}`, 'error');
      return false;
    }
  }

  /**
   * Fit to the diagram, right of the palette, never above 100 % (a small diagram is not
   * blown up) nor below a readable scale: a large diagram then opens at its start, top left.
   */
  function fitToDiagram() {
    const canvas = canvasOf(diagram);
    canvas.zoom('fit-viewport');
    const { inner, outer } = canvas.viewbox();
    if (!inner.width || !inner.height) return;
    const palette = canvasBox.querySelector<HTMLElement>('.djs-palette');
    const left = (palette ? palette.offsetLeft + palette.offsetWidth : 0) + 24;
    const margin = 24;
    const room = { width: outer.width - left - margin, height: outer.height - 2 * margin };
    const fitted = Math.min(room.width / inner.width, room.height / inner.height, 1);
    const scale = Math.max(fitted, READABLE_SCALE);
    const centred = (space: number, size: number) => (fitted >= READABLE_SCALE ? (space / scale - size) / 2 : 0);
    canvas.viewbox({
      x: inner.x - left / scale - centred(room.width, inner.width),
      y: inner.y - margin / scale - centred(room.height, inner.height),
      width: outer.width / scale,
      height: outer.height / scale,
    });
  }

  let latestVersions = new Map<string, number>();
  async function refreshList() {
    latestVersions = new Map((await list.refresh()).map((definition) => [definition.key, definition.version]));
  }

  async function openKey(key: string, version?: number) {
    try {
      const definition = await api<ProcessDefinition>(`/api/process-definitions/${encodeURIComponent(key)}`, { query: { version } });
      const opened = await openDiagram({ xml: definition.xml, name: `${definition.key}.bpmn`, caption: `${definition.name || definition.key} · v${definition.version}`, key });
      if (opened) versions.show(definition, Math.max(latestVersions.get(key) ?? 0, definition.version));
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

  async function deployWithChosenFiles() {
    const files = [...(resourcesInput.files ?? [])];
    resourcesInput.value = '';
    if (files.length) await submit(false, files);
  }

  /** The diagram alone as JSON, or with `files` as one multipart deployment (CONTRACT §2). */
  async function submit(dryRun: boolean, files: File[] = []) {
    const { xml } = await modeler.saveXML({ format: true });
    problems.clearReport();
    const name = opened?.name ?? 'diagram.bpmn';
    let body: unknown = { name, xml };
    if (files.length) {
      const form = new FormData();
      form.append('resources', new File([xml ?? ''], name.endsWith('.bpmn') ? name : `${name}.bpmn`, { type: 'application/xml' }));
      for (const file of files) form.append('resources', file);
      body = form;
    }
    // A problem in a .dmn or .form file names that file; the diagram's own need no prefix.
    const inFile = <T extends { message: string; resource?: string }>(entry: T): T =>
      entry.resource && !entry.resource.endsWith('.bpmn') ? { ...entry, message: `${entry.resource}: ${entry.message}` } : entry;
    try {
      const result = await api<DeploymentResult>('/api/deployments', { method: 'POST', query: { dryRun: dryRun || undefined }, body });
      const warnings: Problem[] = (result.warnings ?? []).map((warning) => ({ ...inFile(warning), severity: 'warning', source: 'server' }));
      if (warnings.length) problems.report(warnings, count(warnings.length, 'deployment warning'));
      if (dryRun) {
        toast(`Valid: ${result.processes.map((process) => process.key).join(', ')} can be deployed`, 'ok');
        status.textContent = 'Valid';
        return;
      }
      const deployed = [
        ...result.processes.map((process) => `${process.key} v${process.version}`),
        ...(result.decisions ?? []).map((decision) => `decision ${decision.decisionId} v${decision.version}`),
        ...(result.forms ?? []).map((form) => `form ${form.formId} v${form.version}`),
      ].join(', ');
      dirty = false;
      const [first] = result.processes;
      await refreshList();
      // What was deployed, as stored: its version, who deployed it and when (the view stays where it is).
      if (first) {
        const definition = await api<ProcessDefinition>(`/api/process-definitions/${encodeURIComponent(first.key)}`, { query: { version: first.version } });
        opened = { xml: definition.xml, name: `${first.key}.bpmn`, caption: `${definition.name || first.key} · v${first.version}`, key: first.key };
        savedXml = xml ?? '';
        title.textContent = opened.caption;
        versions.show(definition, first.version);
        list.select(first.key);
        history.replaceState(null, '', `#/processes/${encodeURIComponent(first.key)}`);
      }
      status.textContent = `Deployed ${deployed}`;
      toast(`Deployed ${deployed}`, 'ok');
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 422) {
        const listed: Problem[] = (error.errors as Array<{ elementId?: string | null; message: string; resource?: string }>).map((problem) => ({ ...inFile(problem), severity: 'error', source: 'server' }));
        problems.report(listed, `${count(listed.length, 'problem')}: not ${dryRun ? 'valid' : 'deployed'}`);
        status.textContent = dryRun ? 'Not valid' : 'Not deployed';
      } else {
        toast((error as Error).message, 'error');
      }
    }
  }

  /** Marks what changed since `previous` (added in green, changed in amber); null clears. */
  function showChanges(previous: ProcessDefinition | null) {
    const canvas = canvasOf(diagram);
    for (const element of registryOf(diagram).getAll()) {
      canvas.removeMarker(element, 'diff-added');
      canvas.removeMarker(element, 'diff-changed');
    }
    compareSummary.hidden = !previous;
    if (!previous || !opened) return;
    const diff = diffVersions(previous.xml, opened.xml);
    const onCanvas = (id: string) => registryOf(diagram).get(id);
    for (const id of diff.added) if (onCanvas(id)) canvas.addMarker(id, 'diff-added');
    for (const id of diff.changed) if (onCanvas(id)) canvas.addMarker(id, 'diff-changed');
    const named = (ids: string[]) => ids.map((id) => onCanvas(id)?.businessObject.name || id).join(', ');
    fill(
      compareSummary,
      h('strong', `Since v${previous.version}: `),
      h('span.diff-swatch.added'), `${diff.added.length} added`, diff.added.length ? ` (${named(diff.added)})` : '', ' · ',
      h('span.diff-swatch.changed'), `${diff.changed.length} changed`, diff.changed.length ? ` (${named(diff.changed)})` : '', ' · ',
      `${diff.removed.length} removed`, diff.removed.length ? ` (${diff.removed.join(', ')})` : '',
    );
    compareSummary.dataset.added = diff.added.join(' ');
    compareSummary.dataset.changed = diff.changed.join(' ');
    compareSummary.dataset.removed = diff.removed.join(' ');
  }

  await refreshList();
  if (params.key) await openKey(params.key);
  else await blank();
  for (const button of actions) button.disabled = false;
  void context;

  return {
    async update(next) {
      if (next.key && next.key !== opened?.key && (await guard())) await openKey(next.key);
    },
    destroy() {
      clearTimeout(lintTimer);
      modeler.destroy();
    },
  };
}
