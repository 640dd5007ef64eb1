import { api } from '../shell/api.js';
import { fill, h, when } from '../shell/dom.js';
import type { PageContext } from '../shell/pages.js';
import { toast } from '../shell/toast.js';
import type { ProcessDefinitionSummary } from '../modeler/types.js';
import { statusBadge } from './status-badge.js';
import type { InstanceSummary } from './types.js';

const STATUSES = ['running', 'incident', 'completed', 'cancelled'];

/** Process instances: start one, list them (filter by process and status), open one. */
export async function mountInstances(view: HTMLElement, context: PageContext): Promise<void> {
  const processSelect = h('select', { id: 'start-process', required: true });
  const businessKey = h('input', { id: 'start-business-key', placeholder: 'e.g. ORDER-1042', maxLength: 200 });
  const variables = h('textarea', { id: 'start-variables', rows: 6, spellcheck: false }, '{\n  \n}');
  const variablesError = h('p.field-error', { id: 'start-variables-error' });
  const filterProcess = h('select', { id: 'filter-process', 'aria-label': 'Process', onChange: refresh }, h('option', { value: '' }, 'All processes'));
  const filterStatus = h(
    'select',
    { id: 'filter-status', 'aria-label': 'Status', onChange: refresh },
    h('option', { value: '' }, 'Any status'),
    STATUSES.map((status) => h('option', { value: status }, status)),
  );
  const tableBox = h('div.table-box', { id: 'instance-table' });

  view.append(
    h(
      'div.page.page-instances',
      h(
        'aside.sidebar.sidebar-wide',
        h('div.sidebar-head', h('h1', 'Start an instance')),
        h(
          'form.stack',
          { id: 'start-form', onSubmit: start },
          h('label', 'Process', processSelect),
          h('label', h('span', 'Business key ', h('span.optional', '(optional)')), businessKey),
          h('label', 'Variables (JSON object)', variables),
          variablesError,
          h('button.primary', { type: 'submit', id: 'start-instance' }, 'Start'),
        ),
      ),
      h(
        'section.content',
        h('div.toolbar', h('div.toolbar-title', h('h2', 'Instances')), h('div.toolbar-actions', filterProcess, filterStatus, h('button', { type: 'button', onClick: refresh }, 'Refresh'))),
        tableBox,
      ),
    ),
  );

  async function loadProcesses() {
    try {
      const definitions = await api<ProcessDefinitionSummary[]>('/api/process-definitions');
      fill(
        processSelect,
        definitions.length ? definitions.map((d) => h('option', { value: d.key }, `${d.name || d.key} (${d.key} v${d.version})`)) : h('option', { value: '' }, 'No process deployed yet'),
      );
      filterProcess.append(...definitions.map((d) => h('option', { value: d.key }, d.name || d.key)));
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  }

  async function start(event: Event) {
    event.preventDefault();
    variablesError.textContent = '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(variables.value.trim() || '{}');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object: { "name": "value" }');
    } catch (error) {
      variablesError.textContent = `Variables ${(error as Error).message}`;
      return;
    }
    try {
      const body = { processKey: processSelect.value, variables: parsed, ...(businessKey.value.trim() ? { businessKey: businessKey.value.trim() } : {}) };
      const started = await api<InstanceSummary>('/api/process-instances', { method: 'POST', body });
      toast(`Started ${started.processKey} v${started.version}`, 'ok');
      context.navigate(`/instances/${started.instanceId}`);
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  }

  async function refresh() {
    try {
      const instances = await api<InstanceSummary[]>('/api/process-instances', { query: { processKey: filterProcess.value, status: filterStatus.value } });
      fill(tableBox, instances.length ? instanceTable(instances) : h('p.empty', 'No instances yet. Start one on the left.'));
    } catch (error) {
      fill(tableBox, h('p.error', `Could not load instances: ${(error as Error).message}`));
    }
  }

  await Promise.all([loadProcesses(), refresh()]);
}

function instanceTable(instances: InstanceSummary[]) {
  return h(
    'table.data',
    h('thead', h('tr', h('th', 'Process'), h('th', 'Business key'), h('th', 'Status'), h('th', 'Started'), h('th', 'Instance'))),
    h(
      'tbody',
      instances.map((instance) =>
        h(
          'tr',
          { dataset: { instanceId: instance.instanceId } },
          h('td', h('a', { href: `#/instances/${instance.instanceId}` }, `${instance.processKey} v${instance.version}`)),
          h('td', instance.businessKey ?? '—'),
          h('td', statusBadge(instance.status)),
          h('td', { title: instance.startedAt }, when(instance.startedAt)),
          h('td.mono', instance.instanceId.slice(0, 8)),
        ),
      ),
    ),
  );
}
