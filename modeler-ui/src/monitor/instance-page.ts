import { ApiProblem } from '../shared/api.js';
import type { HistoryStep, Incident, InstallationConfig, Instance, OpenStepOwner } from '../shared/contract.js';
import { dateTime, due, relative, seconds } from '../shared/dates.js';
import { DiagramView } from '../shared/diagram.js';
import { fill, h } from '../shell/dom.js';
import { isManager, type MountPage } from '../shared/page.js';
import { definitionOf, processNames } from '../shared/processes.js';
import { toast } from '../shell/toast.js';
import { confirmAction } from '../shared/confirm-dialog.js';
import { statusBadge } from './status-badge.js';
import '../shared/pages.css';

const REFRESH_MS = 2000;

/**
 * One case as it stands: the diagram with completed and active elements, who holds each
 * open step, its incidents with retry and cancel, its variables and history, and a link to
 * the same workflow in the Temporal Web UI. It keeps refreshing in every state, so a case
 * that is retried out of an incident moves on screen.
 */
export const mountInstance: MountPage = async (element, context) => {
  const { api, user } = context;
  const instanceId = context.params.id ?? '';
  const title = h('h1.page-title', { id: 'instance-title' }, 'Case');
  const subtitle = h('div.task-subtitle', { id: 'instance-subtitle' });
  const actions = h('div.head-actions', { id: 'instance-actions' });
  const canvas = h('div.canvas.canvas-viewer', { id: 'instance-canvas' });
  const incidents = h('section.card.incidents', { id: 'instance-incidents', hidden: true });
  const owners = h('section.card', { id: 'instance-open-steps' });
  const variables = h('section.card', { id: 'instance-variables' });
  const historyCard = h('section.card', { id: 'instance-history' });
  element.append(
    h(
      'div.page.page-instance',
      h(
        'section.content.scroll',
        h('div.page-head', h('div', h('a.crumb', { href: '#/instances' }, '← Process monitor'), title, subtitle), actions),
        h(
          'div.instance-layout',
          h(
            'div.instance-main',
            incidents,
            h(
              'section.card.diagram-card',
              h('div.card-head', h('h2.card-title', 'Where the case is'), h('div.legend', h('span.swatch.swatch-completed'), 'Done', h('span.swatch.swatch-active'), 'Now', h('span.swatch.swatch-incident'), 'Incident')),
              canvas,
            ),
            historyCard,
          ),
          h('aside.instance-side', owners, variables),
        ),
      ),
    ),
  );

  const diagram = new DiagramView(canvas);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let config: InstallationConfig = {};
  let names = new Map<string, string>();
  let busy = false;

  const nameOf = (elementId: string) => diagram.nameOf(elementId);

  let shown = '';
  function describe(instance: Instance, openSteps: OpenStepOwner[] | null) {
    // Refreshed every 2 s: redraw only on a change, so Retry is not replaced under the pointer.
    const state = JSON.stringify([instance, openSteps, Math.floor(Date.now() / 60_000)]);
    if (state === shown) return;
    shown = state;
    const processName = names.get(instance.processKey) ?? instance.processKey;
    fill(title, processName, instance.businessKey ? h('span.title-key', ` · ${instance.businessKey}`) : null);
    fill(
      subtitle,
      statusBadge(instance.status),
      h('span.muted', `version ${instance.version}`),
      h('span.muted', { title: dateTime(instance.startedAt) }, `started ${relative(instance.startedAt)}`),
      instance.endedAt && h('span.muted', { title: dateTime(instance.endedAt) }, `ended ${relative(instance.endedAt)}`),
    );
    element.dataset.status = instance.status;
    const live = instance.status === 'running' || instance.status === 'incident';
    fill(
      actions,
      config.temporalUiUrl &&
        h(
          'a.button',
          { id: 'instance-temporal', target: '_blank', rel: 'noopener', href: `${config.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.temporalNamespace ?? 'default')}/workflows/${encodeURIComponent(instance.instanceId)}` },
          'Open in Temporal ↗',
        ),
      live && isManager(user) && h('button.danger', { type: 'button', id: 'instance-cancel', onClick: () => void cancel() }, 'Cancel case'),
    );

    const open = openIncidents(instance);
    incidents.hidden = !open.length;
    fill(
      incidents,
      h('h2.card-title', open.length === 1 ? 'An incident stops this case' : `${open.length} incidents stop this case`),
      h(
        'ul.incident-list',
        open.map((incident) =>
          h(
            'li.incident-item',
            { dataset: { incidentId: incident.id, elementId: incident.elementId } },
            h('div', h('strong', nameOf(incident.elementId)), h('p.incident-message', incident.message), h('span.muted', [incident.openedAt && `since ${relative(incident.openedAt)}`, incident.retries !== undefined && `${incident.retries} retries so far`].filter(Boolean).join(' · '))),
            isManager(user) && h('button.primary', { type: 'button', dataset: { action: 'retry' }, onClick: (event: Event) => void retry(event, incident) }, 'Retry'),
          ),
        ),
      ),
    );

    fill(
      owners,
      h('h2.card-title', 'Open steps'),
      instance.activeElements.length
        ? h(
            'ul.step-list',
            instance.activeElements.map((elementId) => {
              const owner = openSteps?.find((step) => step.elementId === elementId);
              const deadline = owner ? due(owner.dueAt) : null;
              return h(
                'li.step',
                { dataset: { elementId } },
                h('strong', nameOf(elementId)),
                owner
                  ? h('span.muted', 'held by ', h('strong.holder', owner.assignee ?? (owner.candidateGroups.length ? `${owner.candidateGroups.join(', ')} (unclaimed)` : 'everyone (unclaimed)')), deadline && deadline.state !== 'none' ? h('span', { class: `due due-${deadline.state}` }, deadline.text) : null)
                  : h('span.muted', stepKind(diagram.typeOf(elementId))),
              );
            }),
          )
        : h('p.muted', instance.status === 'completed' ? 'Nothing: the case is complete.' : instance.status === 'cancelled' ? 'Nothing: the case was cancelled.' : 'No step is open.'),
    );

    const entries = Object.entries(instance.variables ?? {});
    fill(
      variables,
      h('h2.card-title', 'Variables'),
      entries.length
        ? h('dl.facts.variables-list', entries.map(([key, value]) => [h('dt', key), h('dd', variableValue(value))]))
        : h('p.muted', 'None yet.'),
    );

    const steps = instance.history ?? [];
    fill(
      historyCard,
      h('h2.card-title', 'History'),
      steps.length
        ? h('ol.timeline', [...steps].reverse().map((step) => historyLine(step, nameOf)))
        : h('p.muted', 'This server does not record a step history yet; the diagram shows what is done.'),
    );
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const instance = await api<Instance>(`/api/process-instances/${encodeURIComponent(instanceId)}`);
      if (stopped) return;
      const definition = await definitionOf(api, instance.processKey, instance.version);
      if (definition.xml) await diagram.show(definition.xml, `${instance.processKey}@${instance.version}`);
      const open = openIncidents(instance);
      diagram.mark('completed', instance.completedElements.filter((id) => !instance.activeElements.includes(id)));
      diagram.mark('active', instance.activeElements.filter((id) => !open.some((incident) => incident.elementId === id)));
      diagram.mark('incident', open.map((incident) => incident.elementId));
      let openSteps: OpenStepOwner[] | null = null;
      if (instance.activeElements.length) openSteps = await api<OpenStepOwner[]>(`/api/process-instances/${encodeURIComponent(instanceId)}/owners`).catch(() => null);
      describe(instance, openSteps);
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 403 || error.status === 404)) {
        fill(title, error.status === 403 ? 'This case is not yours to see' : 'No such case');
        fill(subtitle, h('span.error', error.message));
        return;
      }
      fill(subtitle, h('span.error', `Cannot refresh: ${(error as Error).message}`));
    }
    if (!stopped) timer = setTimeout(() => void refresh(), REFRESH_MS);
  }

  async function retry(event: Event, incident: Incident) {
    if (busy) return;
    busy = true;
    const button = event.currentTarget as HTMLButtonElement;
    button.disabled = true;
    try {
      await api(`/api/process-instances/${encodeURIComponent(instanceId)}/retry`, { method: 'POST', body: incident.id ? { incidentId: incident.id } : {} });
      toast(`Retrying ${nameOf(incident.elementId)}`, 'ok');
    } catch (error) {
      toast((error as Error).message, 'error');
      button.disabled = false;
    } finally {
      busy = false;
    }
    await refresh();
  }

  async function cancel() {
    if (!(await confirmAction('Cancel this case?', 'Its open steps leave every inbox, and a cancelled case cannot be resumed.', 'Cancel case'))) return;
    try {
      await api(`/api/process-instances/${encodeURIComponent(instanceId)}/cancel`, { method: 'POST', body: {} });
      toast('The case is cancelled', 'ok');
    } catch (error) {
      toast((error as Error).message, 'error');
    }
    await refresh();
  }

  [config, names] = await Promise.all([api<InstallationConfig>('/api/config').catch(() => ({})), processNames(api)]);
  await refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    diagram.destroy();
  };
};

/** Incidents with ids (CONTRACT §2), or the older single `incident` of a summary. */
function openIncidents(instance: Instance): Incident[] {
  if (Array.isArray(instance.incidents)) return instance.incidents;
  return instance.incident ? [{ id: '', elementId: instance.incident.elementId, message: instance.incident.message }] : [];
}

function stepKind(type: string | undefined): string {
  if (!type) return '';
  if (type.endsWith('ServiceTask') || type.endsWith('SendTask') || type.endsWith('ScriptTask')) return 'running automatically';
  if (type.endsWith('EventBasedGateway') || type.endsWith('IntermediateCatchEvent') || type.endsWith('ReceiveTask')) return 'waiting for an event';
  if (type.endsWith('CallActivity') || type.endsWith('SubProcess')) return 'in a sub-process';
  return 'in progress';
}

function historyLine(step: HistoryStep, nameOf: (elementId: string) => string) {
  const took = step.endedAt ? (Date.parse(step.endedAt) - Date.parse(step.startedAt)) / 1000 : null;
  return h(
    'li',
    { dataset: { elementId: step.elementId }, class: step.endedAt ? 'done' : 'open' },
    h('span.history-what', h('strong', step.name || nameOf(step.elementId)), step.by ? h('span.muted', ` by ${step.by}`) : null),
    h('time.muted', { datetime: step.startedAt, title: dateTime(step.startedAt) }, step.endedAt ? `${relative(step.endedAt)} · took ${seconds(took)}` : `since ${relative(step.startedAt)}`),
  );
}

/** A simple value as it is; a record or list folded, with its size, to open on demand. */
function variableValue(value: unknown): HTMLElement | string {
  if (value === null || typeof value !== 'object') return String(value);
  const size = Array.isArray(value) ? `${value.length} item${value.length === 1 ? '' : 's'}` : `${Object.keys(value).length} fields`;
  return h('details.json', h('summary', Array.isArray(value) ? `list · ${size}` : `record · ${size}`), h('pre', JSON.stringify(value, null, 2)));
}
