import { ApiProblem, query } from '../shared/api.js';
import type { ElementStatistics, Instance, ProcessDefinition } from '../shared/contract.js';
import { dateTime, relative } from '../shared/dates.js';
import { DiagramView } from '../shared/diagram.js';
import { fill, h } from '../shell/dom.js';
import type { MountPage } from '../shared/page.js';
import { definitionOf } from '../shared/processes.js';
import { statusBadge } from './status-badge.js';
import '../shared/pages.css';

const STATUSES = ['running', 'incident', 'completed', 'cancelled'] as const;
const REFRESH_MS = 3000;

/**
 * The process monitor: cases by process, status and business key, and, for a chosen
 * process, its diagram with the number of active cases and incidents on each element
 * (GET /api/process-definitions/{key}/statistics), as Operate draws it.
 */
export const mountInstances: MountPage = async (element, context) => {
  const { api } = context;
  const processFilter = h('select', { id: 'monitor-process', 'aria-label': 'Process', onChange: () => void changeProcess() }, h('option', { value: '' }, 'All processes'));
  const statusFilter = h('select', { id: 'monitor-status', 'aria-label': 'Status', onChange: () => void loadInstances() }, h('option', { value: '' }, 'Any status'), STATUSES.map((status) => h('option', { value: status }, status)));
  const keyFilter = h('input.search', { id: 'monitor-business-key', type: 'search', placeholder: 'Business key', 'aria-label': 'Business key', onInput: () => render() });
  const diagramCard = h('section.card.diagram-card', { id: 'monitor-diagram', hidden: true });
  const canvas = h('div.canvas.canvas-viewer', { id: 'monitor-canvas' });
  const statsNote = h('p.muted', { id: 'monitor-stats-note' });
  diagramCard.append(h('div.card-head', h('h2.card-title', 'Where the cases are'), h('div.legend', h('span.count-badge.count-active', 'n'), 'active', h('span.count-badge.count-incident', 'n'), 'incidents')), canvas, statsNote);
  const table = h('div.table-box', { id: 'instance-table' });
  element.append(
    h(
      'div.page.page-monitor',
      h(
        'section.content.scroll',
        h('div.page-head', h('div', h('h1.page-title', 'Process monitor'), h('p.page-lead', 'Every case, where it stands and who holds it.'))),
        h('div.filters', h('div.filter-controls', processFilter, statusFilter, keyFilter)),
        diagramCard,
        table,
      ),
    ),
  );

  const diagram = new DiagramView(canvas);
  let instances: Instance[] = [];
  let definitions: ProcessDefinition[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function changeProcess() {
    history.replaceState(null, '', processFilter.value ? `#/instances?process=${encodeURIComponent(processFilter.value)}` : '#/instances');
    await loadInstances();
  }

  async function loadStatistics(key: string) {
    const definition = await definitionOf(api, key);
    diagramCard.hidden = false;
    if (definition.xml && (await diagram.show(definition.xml, `${key}@${definition.version}`))) diagram.fit();
    try {
      const statistics = await api<ElementStatistics[]>(`/api/process-definitions/${encodeURIComponent(key)}/statistics${query({ version: definition.version })}`);
      diagram.overlay(
        'statistics',
        statistics.flatMap((entry) => [
          ...(entry.active ? [{ elementId: entry.elementId, html: h('span.count-badge.count-active', { dataset: { elementId: entry.elementId }, title: `${entry.active} active` }, String(entry.active)) }] : []),
          ...(entry.incidents ? [{ elementId: entry.elementId, position: { bottom: 8, right: 16 }, html: h('span.count-badge.count-incident', { title: `${entry.incidents} incidents` }, String(entry.incidents)) }] : []),
        ]),
      );
      diagram.mark('incident', statistics.filter((entry) => entry.incidents).map((entry) => entry.elementId));
      statsNote.textContent = `Version ${definition.version}. Counts refresh every few seconds.`;
    } catch (error) {
      statsNote.textContent = error instanceof ApiProblem && error.status === 404 ? 'This server does not count cases per element yet.' : `Counts cannot be loaded: ${(error as Error).message}`;
    }
  }

  async function loadInstances() {
    clearTimeout(timer);
    try {
      instances = await api<Instance[]>(`/api/process-instances${query({ processKey: processFilter.value, status: statusFilter.value })}`);
      render();
      if (processFilter.value) await loadStatistics(processFilter.value);
      else diagramCard.hidden = true;
    } catch (error) {
      fill(table, h('p.error', `Cases cannot be loaded: ${(error as Error).message}`));
    }
    if (!stopped) timer = setTimeout(() => void loadInstances(), REFRESH_MS);
  }

  function render() {
    const key = keyFilter.value.trim().toLowerCase();
    const shown = instances.filter((instance) => !key || (instance.businessKey ?? '').toLowerCase().includes(key));
    const names = new Map(definitions.map((definition) => [definition.key, definition.name || definition.key]));
    if (!shown.length) {
      fill(table, h('div.empty-state', h('h3', 'No case here'), h('p', instances.length ? 'No case matches this business key.' : 'Cases appear here once they are started.')));
      return;
    }
    fill(
      table,
      h(
        'table.data',
        h('thead', h('tr', h('th', 'Case'), h('th', 'Business key'), h('th', 'Status'), h('th', 'Now at'), h('th', 'Started'))),
        h(
          'tbody',
          shown.map((instance) =>
            h(
              'tr',
              { dataset: { instanceId: instance.instanceId }, class: instance.status === 'incident' ? 'has-incident' : '' },
              h('td', h('a', { href: `#/instances/${encodeURIComponent(instance.instanceId)}` }, names.get(instance.processKey) ?? instance.processKey), h('span.muted', ` v${instance.version}`)),
              h('td', instance.businessKey ?? '—'),
              h('td', statusBadge(instance.status)),
              h('td', h('span.muted', (instance.activeElements ?? []).length ? `${instance.activeElements.length} open step${instance.activeElements.length === 1 ? '' : 's'}` : '—')),
              h('td', { title: dateTime(instance.startedAt) }, relative(instance.startedAt)),
            ),
          ),
        ),
      ),
    );
  }

  try {
    definitions = await api<ProcessDefinition[]>('/api/process-definitions');
    processFilter.append(...definitions.map((definition) => h('option', { value: definition.key }, definition.name || definition.key)));
  } catch {
    // The list of cases still works without process names.
  }
  const wanted = new URLSearchParams(location.hash.split('?')[1] ?? '').get('process') ?? context.params.process;
  if (wanted && definitions.some((definition) => definition.key === wanted)) processFilter.value = wanted;
  await loadInstances();
  return () => {
    stopped = true;
    clearTimeout(timer);
    diagram.destroy();
  };
};
