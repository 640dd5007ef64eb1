/* global setTimeout, clearTimeout */
import { api } from './api.js';
import { loadViewer } from './bpmn-bundles.js';
import { fill, h, when } from './dom.js';
import { statusBadge } from './instances.js';

const REFRESH_MS = 2000;

/**
 * One process instance: its diagram (read-only) with completed elements in green, active
 * ones in blue and an incident in red, its variables, refreshed every 2 s while running.
 */
export async function mount(view, { id }) {
  const heading = h('h2', { id: 'instance-title' }, 'Instance');
  const status = h('span', { id: 'instance-status' });
  const facts = h('dl.facts', { id: 'instance-facts' });
  const variablesBox = h('pre.variables', { id: 'instance-variables' });
  const incidentBox = h('div.incident', { id: 'instance-incident', hidden: true });
  const canvasBox = h('div.canvas.canvas-viewer', { id: 'instance-canvas' });

  view.append(
    h(
      'div.page.page-instance',
      h(
        'section.editor',
        h(
          'div.toolbar',
          h('div.toolbar-title', h('a.back', { href: '#/instances', title: 'All instances' }, '←'), heading, status),
          h('div.legend', h('span.swatch.swatch-completed'), 'Completed', h('span.swatch.swatch-active'), 'Active', h('span.swatch.swatch-incident'), 'Incident'),
        ),
        canvasBox,
      ),
      h('aside.sidebar.sidebar-right', h('div.sidebar-head', h('h1', 'Details')), incidentBox, facts, h('h3', 'Variables'), variablesBox),
    ),
  );

  const Viewer = await loadViewer();
  const viewer = new Viewer({ container: canvasBox });
  let marked = { completed: [], active: [], incident: [] };
  let timer;
  let stopped = false;
  let shownDiagram = null;

  function mark(instance) {
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    const next = {
      completed: instance.completedElements.filter((elementId) => !instance.activeElements.includes(elementId)),
      active: instance.activeElements,
      incident: instance.incident ? [instance.incident.elementId] : [],
    };
    for (const [marker, ids] of Object.entries(marked)) for (const elementId of ids) if (registry.get(elementId)) canvas.removeMarker(elementId, marker);
    for (const [marker, ids] of Object.entries(next)) for (const elementId of ids) if (registry.get(elementId)) canvas.addMarker(elementId, marker);
    marked = next;
  }

  function describe(instance) {
    heading.textContent = `${instance.processKey} v${instance.version}`;
    fill(status, statusBadge(instance.status));
    fill(
      facts,
      h('dt', 'Instance'),
      h('dd.mono', instance.instanceId),
      h('dt', 'Business key'),
      h('dd', instance.businessKey ?? '—'),
      h('dt', 'Started'),
      h('dd', { title: instance.startedAt }, when(instance.startedAt)),
      instance.endedAt && [h('dt', 'Ended'), h('dd', { title: instance.endedAt }, when(instance.endedAt))],
      h('dt', 'Active steps'),
      h('dd', instance.activeElements.length ? instance.activeElements.join(', ') : '—'),
    );
    variablesBox.textContent = JSON.stringify(instance.variables, null, 2);
    incidentBox.hidden = !instance.incident;
    if (instance.incident) fill(incidentBox, h('strong', `Incident at ${instance.incident.elementId}`), h('p', instance.incident.message));
    view.dataset.status = instance.status;
  }

  async function refresh() {
    try {
      const instance = await api(`/api/process-instances/${encodeURIComponent(id)}`);
      if (stopped) return;
      const diagram = `${instance.processKey}@${instance.version}`;
      if (shownDiagram !== diagram) {
        const definition = await api(`/api/process-definitions/${encodeURIComponent(instance.processKey)}?version=${instance.version}`);
        await viewer.importXML(definition.xml);
        viewer.get('canvas').zoom('fit-viewport', 'auto');
        shownDiagram = diagram;
      }
      describe(instance);
      mark(instance);
      if (instance.status === 'running' && !stopped) timer = setTimeout(refresh, REFRESH_MS);
    } catch (error) {
      heading.textContent = 'Instance not available';
      fill(status, h('span.error', error.message));
    }
  }

  await refresh();
  return {
    destroy() {
      stopped = true;
      clearTimeout(timer);
      viewer.destroy();
    },
  };
}
