import { ApiProblem, query } from '../shared/api.js';
import type { Breach, OwnerSummary, ProcessDefinition, StepSummary } from '../shared/contract.js';
import { dateTime, relative, seconds, span } from '../shared/dates.js';
import { DiagramView } from '../shared/diagram.js';
import { fill, h } from '../shell/dom.js';
import { coalesce, followEvents } from '../shared/event-stream.js';
import type { MountPage } from '../shared/page.js';
import { definitionOf } from '../shared/processes.js';
import { kpi, percent } from '../shared/widgets.js';
import { BarChart, COLOURS } from './charts.js';
import { PERIODS, periodRange, type PeriodId } from './period.js';
import '../shared/pages.css';

/**
 * The managers' SLA dashboard: breaches open now, breaches by step and by owner, on-time
 * rate and cycle time (p50/p90) per step over a chosen period, and the worst steps as a
 * heat overlay on the diagram itself. It follows the event stream, so a breach appears as
 * it happens.
 */
export const mountDashboard: MountPage = async (element, context) => {
  const { api } = context;
  const period = h('select', { id: 'sla-period', 'aria-label': 'Period', onChange: () => void load() }, PERIODS.map((entry) => h('option', { value: entry.id, selected: entry.id === '30d' }, entry.label)));
  const processSelect = h('select', { id: 'sla-process', 'aria-label': 'Process', onChange: () => void load() });
  const kpis = h('div.kpis', { id: 'sla-kpis' });
  const openBreaches = h('div.table-box', { id: 'sla-open-breaches' });
  const chartBox = (id: string, title: string, hint: string) => {
    const canvas = h('canvas', { id, role: 'img', 'aria-label': title });
    return { canvas, card: h('section.card.chart-card', h('h2.card-title', title), h('p.muted.card-hint', hint), h('div.chart', canvas, h('p.chart-empty', 'No task of this process in the period.'))) };
  };
  const byStep = chartBox('sla-chart-steps', 'Breaches by step', 'Late tasks per step in the period, still open or completed late.');
  const byOwner = chartBox('sla-chart-owners', 'Breaches by owner', 'Per person and per group holding the late tasks.');
  const onTime = chartBox('sla-chart-ontime', 'On-time rate per step', 'Share of tasks completed before their deadline.');
  const cycle = chartBox('sla-chart-cycle', 'Cycle time per step', 'From task created to completed: median (p50) and p90.');
  const heatCanvas = h('div.canvas.canvas-viewer', { id: 'sla-heat-canvas' });
  const heatNote = h('p.muted', { id: 'sla-heat-note' });
  element.append(
    h(
      'div.page.page-sla',
      h(
        'section.content.scroll',
        h(
          'div.page-head',
          h('div', h('h1.page-title', 'Deadlines and breaches'), h('p.page-lead', 'Where work is late, and who holds it.')),
          h('div.head-actions', h('label.inline', 'Process', processSelect), h('label.inline', 'Period', period)),
        ),
        kpis,
        h('section.card', h('div.card-head', h('h2.card-title', 'Open breaches now'), h('span.live', { id: 'sla-live' }, 'connecting…')), openBreaches),
        h('div.chart-grid', byStep.card, byOwner.card, onTime.card, cycle.card),
        h(
          'section.card.diagram-card',
          h('div.card-head', h('h2.card-title', 'Worst steps on the diagram'), h('div.legend', h('span.swatch.heat-1'), 'some late', h('span.swatch.heat-2'), h('span.swatch.heat-3'), h('span.swatch.heat-4'), 'most late')),
          heatCanvas,
          heatNote,
        ),
      ),
    ),
  );

  const charts = {
    steps: new BarChart(byStep.canvas, { stacked: true }),
    owners: new BarChart(byOwner.canvas, { stacked: true }),
    onTime: new BarChart(onTime.canvas, { max: 1, unit: (value) => percent(value) }),
    cycle: new BarChart(cycle.canvas, { unit: (value) => seconds(value) }),
  };
  const diagram = new DiagramView(heatCanvas);
  let loading = false;
  let left = false; // the page was left: late answers draw nothing
  let again = false;

  async function load() {
    if (left) return; // a refresh still due when the page was left: nothing to draw on
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      await loadNow();
    } finally {
      loading = false;
      if (again) {
        again = false;
        void load();
      }
    }
  }

  async function loadNow() {
    const range = periodRange(period.value as PeriodId);
    const processKey = processSelect.value;
    let breaches: Breach[];
    let open: Breach[];
    let steps: StepSummary[];
    let ownerRows: OwnerSummary[];
    try {
      [open, breaches, steps, ownerRows] = await Promise.all([
        api<Breach[]>(`/api/sla/breaches${query({ open: true, processKey })}`),
        api<Breach[]>(`/api/sla/breaches${query({ processKey, ...range })}`),
        api<StepSummary[]>(`/api/sla/summary${query({ processKey, ...range })}`),
        api<OwnerSummary[]>(`/api/sla/owners${query({ processKey, ...range })}`),
      ]);
      if (left) return;
    } catch (error) {
      if (left) return;
      const missing = error instanceof ApiProblem && error.status === 404;
      fill(kpis, h('div.empty-state', h('h3', missing ? 'This server does not measure deadlines yet' : 'The figures cannot be loaded'), h('p', (error as Error).message)));
      return;
    }
    const completed = steps.reduce((sum, step) => sum + step.completed, 0);
    const onTimeCompleted = steps.reduce((sum, step) => sum + (step.onTimeRate ?? 0) * step.completed, 0);
    const openTasks = steps.reduce((sum, step) => sum + step.open, 0);
    const worst = [...steps].sort((a, b) => b.breached - a.breached)[0];
    fill(
      kpis,
      kpi(String(open.length), 'open breaches', open.length ? `oldest ${open.length ? span(Date.now() - Math.min(...open.map((b) => Date.parse(b.dueAt)))) : ''} late` : 'nothing is late right now', open.length ? 'bad' : 'good'),
      kpi(String(breaches.length), 'breaches in period', `${openTasks} ${openTasks === 1 ? 'task' : 'tasks'} open now`),
      kpi(completed ? percent(onTimeCompleted / completed) : '—', 'on time', `${completed} ${completed === 1 ? 'task' : 'tasks'} completed`, completed && onTimeCompleted / completed < 0.8 ? 'bad' : ''),
      kpi(worst && worst.breached ? worst.name || worst.elementId : '—', 'worst step', worst && worst.breached ? `${worst.breached} late` : 'no step is late'),
    );
    fill(
      openBreaches,
      open.length
        ? h(
            'table.data',
            h('thead', h('tr', h('th', 'Step'), h('th', 'Process'), h('th', 'Held by'), h('th', 'Was due'), h('th', 'Late by'))),
            h(
              'tbody',
              [...open]
                .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
                .map((breach) =>
                  h(
                    'tr.breached',
                    { dataset: { taskId: breach.taskId, elementId: breach.elementId } },
                    h('td', h('a', { href: `#/instances/${encodeURIComponent(breach.instanceId)}` }, breach.name || breach.elementId)),
                    h('td', nameOf(breach.processKey)),
                    h('td', breach.assignee ?? (breach.candidateGroups.join(', ') || 'everyone')),
                    h('td', { title: dateTime(breach.dueAt) }, relative(breach.dueAt)),
                    h('td.late', span(Date.now() - Date.parse(breach.dueAt))),
                  ),
                ),
            ),
          )
        : h('p.empty', { id: 'sla-no-open-breaches' }, 'No open breach: every open task is within its deadline.'),
    );
    for (const box of [byStep, byOwner, onTime, cycle]) box.card.classList.toggle('no-data', !steps.length);
    const stepLabels = steps.map((step) => step.name || step.elementId);
    const openByStep = (step: StepSummary) => open.filter((breach) => breach.elementId === step.elementId).length;
    charts.steps.draw(stepLabels, [
      { label: 'still open', values: steps.map(openByStep), colour: COLOURS.danger },
      { label: 'completed late', values: steps.map((step) => Math.max(0, step.breached - openByStep(step))), colour: COLOURS.warn },
    ]);
    const owners = [...ownerRows].sort((a, b) => b.breached - a.breached || b.open - a.open).slice(0, 10);
    charts.owners.draw(
      owners.map((owner) => (owner.kind === 'group' ? `${owner.owner} (group)` : owner.owner)),
      [
        { label: 'late', values: owners.map((owner) => owner.breached), colour: COLOURS.danger },
        { label: 'open, on time', values: owners.map((owner) => Math.max(0, owner.open - owner.breached)), colour: COLOURS.grey },
      ],
    );
    charts.onTime.draw(stepLabels, [{ label: 'on time', values: steps.map((step) => step.onTimeRate), colour: COLOURS.ok }]);
    charts.cycle.draw(stepLabels, [
      { label: 'p50', values: steps.map((step) => step.p50Seconds), colour: COLOURS.primary },
      { label: 'p90', values: steps.map((step) => step.p90Seconds), colour: COLOURS.primarySoft },
    ]);
    if (!left) await heat(processKey, steps);
  }

  async function heat(processKey: string, steps: StepSummary[]) {
    if (!processKey) return;
    const definition = await definitionOf(api, processKey);
    if (left) return;
    if (definition.xml) await diagram.show(definition.xml, `${processKey}@${definition.version}`);
    if (left) return;
    const worst = Math.max(0, ...steps.map((step) => step.breached));
    const levels = [1, 2, 3, 4].map((level) => ({ level, ids: [] as string[] }));
    const badges: Array<{ elementId: string; html: HTMLElement }> = [];
    for (const step of steps) {
      if (!step.breached || !worst) continue;
      const level = Math.max(1, Math.ceil((step.breached / worst) * 4));
      levels[level - 1]!.ids.push(step.elementId);
      badges.push({ elementId: step.elementId, html: h('span.count-badge.count-incident', { title: `${step.breached} late, on time ${percent(step.onTimeRate)}`, dataset: { heat: String(level) } }, `${step.breached} late`) });
    }
    for (const { level, ids } of levels) diagram.mark(`heat-${level}`, ids);
    diagram.overlay('heat', badges);
    heatNote.textContent = worst ? `The darker the step, the more of its tasks missed their deadline (${PERIODS.find((p) => p.id === period.value)?.label.toLowerCase()}).` : 'No step of this process missed a deadline in this period.';
  }

  let definitions: ProcessDefinition[] = [];
  const nameOf = (key: string) => definitions.find((definition) => definition.key === key)?.name || key;
  try {
    definitions = await api<ProcessDefinition[]>('/api/process-definitions');
  } catch {
    // Without the list the dashboard still shows every process together.
  }
  fill(processSelect, definitions.map((definition) => h('option', { value: definition.key }, definition.name || definition.key)));
  const preferred = definitions.find((definition) => definition.key === context.params.process) ?? definitions.find((definition) => definition.key === 'lead-to-cash') ?? definitions[0];
  if (preferred) processSelect.value = preferred.key;

  const live = element.querySelector<HTMLElement>('#sla-live')!;
  const refresh = coalesce(load, 300);
  const stop = followEvents({
    token: context.token,
    groups: context.user.groups,
    onEvent: (event) => {
      if (event.kind === 'task.breached' || event.kind === 'task.completed' || event.kind === 'task.created') refresh();
    },
    onState: (state) => {
      live.dataset.state = state;
      live.textContent = { live: 'Live', reconnecting: 'Reconnecting…', polling: 'Auto-refresh' }[state];
    },
    onPoll: refresh,
  });
  await load();
  return () => {
    left = true;
    stop();
    for (const chart of Object.values(charts)) chart.destroy();
    diagram.destroy();
  };
};
