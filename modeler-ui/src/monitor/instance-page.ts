import NavigatedViewer from 'camunda-bpmn-js/lib/camunda-cloud/NavigatedViewer';
import 'camunda-bpmn-js/dist/assets/camunda-cloud-navigated-viewer.css';
import { api } from '../shell/api.js';
import { fill, h, when } from '../shell/dom.js';
import type { PageHandle } from '../shell/pages.js';
import type { ProcessDefinition } from '../modeler/types.js';
import { statusBadge } from './status-badge.js';
import type { InstanceDetail } from './types.js';

const REFRESH_MS = 2000;
type Marker = 'completed' | 'active' | 'incident';

/**
 * One process instance: its diagram (read-only) with completed elements in green, active
 * ones in blue and incidents in red, its variables, refreshed every 2 s while running.
 */
export async function mountInstance(view: HTMLElement, id: string): Promise<PageHandle> {
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
          h('div.toolbar-title', h('a.back', { href: '#/instances', title: 'All instances', 'aria-label': 'All instances' }, '←'), heading, status),
          h('div.legend', h('span.swatch.swatch-completed'), 'Completed', h('span.swatch.swatch-active'), 'Active', h('span.swatch.swatch-incident'), 'Incident'),
        ),
        canvasBox,
      ),
      h('aside.sidebar.sidebar-right', h('div.sidebar-head', h('h1', 'Details')), incidentBox, facts, h('h3', 'Variables'), variablesBox),
    ),
  );

  const viewer = new NavigatedViewer({ container: canvasBox });
  let marked: Record<Marker, string[]> = { completed: [], active: [], incident: [] };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let shownDiagram: string | null = null;

  const incidentsOf = (instance: InstanceDetail) => instance.incidents ?? (instance.incident ? [instance.incident] : []);

  function mark(instance: InstanceDetail) {
    const canvas = viewer.get<{ addMarker(id: string, marker: string): void; removeMarker(id: string, marker: string): void }>('canvas');
    const registry = viewer.get<{ get(id: string): unknown }>('elementRegistry');
    const next: Record<Marker, string[]> = {
      completed: instance.completedElements.filter((elementId) => !instance.activeElements.includes(elementId)),
      active: instance.activeElements,
      incident: incidentsOf(instance).map((incident) => incident.elementId),
    };
    for (const [marker, ids] of Object.entries(marked)) for (const elementId of ids) if (registry.get(elementId)) canvas.removeMarker(elementId, marker);
    for (const [marker, ids] of Object.entries(next)) for (const elementId of ids) if (registry.get(elementId)) canvas.addMarker(elementId, marker);
    marked = next;
  }

  function describe(instance: InstanceDetail) {
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
    const incidents = incidentsOf(instance);
    incidentBox.hidden = !incidents.length;
    fill(incidentBox, incidents.map((incident) => [h('strong', `Incident at ${incident.elementId}`), h('p', incident.message)]));
    view.dataset.status = instance.status;
  }

  async function refresh() {
    try {
      const instance = await api<InstanceDetail>(`/api/process-instances/${encodeURIComponent(id)}`);
      if (stopped) return;
      const diagram = `${instance.processKey}@${instance.version}`;
      if (shownDiagram !== diagram) {
        const definition = await api<ProcessDefinition>(`/api/process-definitions/${encodeURIComponent(instance.processKey)}`, { query: { version: instance.version } });
        await viewer.importXML(definition.xml);
        viewer.get<{ zoom(level: string, center: string): void }>('canvas').zoom('fit-viewport', 'auto');
        shownDiagram = diagram;
      }
      describe(instance);
      mark(instance);
      if (instance.status === 'running' && !stopped) timer = setTimeout(() => void refresh(), REFRESH_MS);
    } catch (error) {
      heading.textContent = 'Instance not available';
      fill(status, h('span.error', (error as Error).message));
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
