import { ApiProblem, query } from '../shared/api.js';
import type { Task } from '../shared/contract.js';
import { due, dateTime, relative } from '../shared/dates.js';
import { fill, h } from '../shell/dom.js';
import { coalesce, followEvents, type StreamState } from '../shared/event-stream.js';
import type { MountPage } from '../shared/page.js';
import { processNames } from '../shared/processes.js';
import { toast } from '../shell/toast.js';
import { claimTask, delegateTask, mayClaim, mayDelegate, ownerText, pickDelegate, unclaimTask } from '../tasks/task-actions.js';
import '../shared/pages.css';

type View = 'all' | 'mine' | 'group';

/**
 * The employee's inbox (CONTRACT §2 "Task inbox"): what is assigned to me and what my
 * groups may claim, soonest deadline first, overdue ones marked with how late. It follows
 * the event stream, so a task handed to me appears without a reload.
 */
export const mountInbox: MountPage = async (element, context) => {
  const { api, user } = context;
  let view: View = 'all';
  let tasks: Task[] = [];
  let names = new Map<string, string>();

  const tabs = (['all', 'mine', 'group'] as const).map((value) =>
    h(
      'button.tab',
      { type: 'button', role: 'tab', dataset: { view: value }, 'aria-selected': String(value === view), onClick: () => switchTo(value) },
      { all: 'Everything', mine: 'Assigned to me', group: 'Claimable' }[value],
      h('span.tab-count', { dataset: { countFor: value } }),
    ),
  );
  const search = h('input.search', { id: 'inbox-search', type: 'search', placeholder: 'Search task or business key', 'aria-label': 'Search tasks', onInput: () => render() });
  const processFilter = h('select', { id: 'inbox-process', 'aria-label': 'Process', onChange: () => render() }, h('option', { value: '' }, 'All processes'));
  const overdueOnly = h('input', { id: 'inbox-overdue', type: 'checkbox', onChange: () => render() });
  const liveBadge = h('span.live', { id: 'inbox-live', title: 'Updates as work moves' }, 'connecting…');
  const list = h('div.task-list', { id: 'task-list', 'aria-live': 'polite' });

  element.append(
    h(
      'div.page.page-inbox',
      h(
        'section.content',
        h(
          'div.page-head',
          h('div', h('h1.page-title', 'My work'), h('p.page-lead', `Good ${greeting()}, ${user.name || user.username}. Here is what waits for you, soonest deadline first.`)),
          h('div.head-actions', liveBadge, h('a.button.primary', { href: '#/start', id: 'start-case' }, '+ Start a case')),
        ),
        h('div.filters', h('div.tabs', { role: 'tablist' }, tabs), h('div.filter-controls', search, processFilter, h('label.check', overdueOnly, 'Overdue only'))),
        list,
      ),
    ),
  );

  function switchTo(next: View) {
    view = next;
    for (const tab of tabs) tab.setAttribute('aria-selected', String(tab.dataset.view === view));
    render();
  }

  async function load() {
    try {
      const [mine, group] = await Promise.all([
        api<Task[]>(`/api/tasks${query({ filter: 'mine', state: 'open', sort: 'dueAt', limit: 500 })}`),
        api<Task[]>(`/api/tasks${query({ filter: 'group', state: 'open', sort: 'dueAt', limit: 500 })}`),
      ]);
      const byId = new Map<string, Task>();
      for (const task of [...mine, ...group]) byId.set(task.id, task);
      const next = [...byId.values()].sort(byDueDate);
      // Polling and events reload often: redraw only when something changed, so a button
      // the user is reaching for is not replaced under the pointer.
      if (JSON.stringify(next) === JSON.stringify(tasks) && list.childElementCount) return;
      tasks = next;
      render();
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) return;
      fill(list, h('p.error', `Tasks cannot be loaded: ${(error as Error).message}`));
    }
  }

  function visible(): Task[] {
    const text = search.value.trim().toLowerCase();
    return tasks.filter((task) => {
      if (view === 'mine' && task.assignee !== user.username) return false;
      if (view === 'group' && task.assignee) return false;
      if (processFilter.value && task.processKey !== processFilter.value) return false;
      if (overdueOnly.checked && !isOverdue(task)) return false;
      if (text && !`${task.name ?? ''} ${task.businessKey ?? ''} ${names.get(task.processKey) ?? task.processKey}`.toLowerCase().includes(text)) return false;
      return true;
    });
  }

  function render() {
    const mineCount = tasks.filter((task) => task.assignee === user.username).length;
    const counts: Record<View, number> = { all: tasks.length, mine: mineCount, group: tasks.filter((task) => !task.assignee).length };
    for (const tab of tabs) fill(tab.querySelector('.tab-count')!, String(counts[tab.dataset.view as View]));
    const keys = [...new Set(tasks.map((task) => task.processKey))];
    const chosen = processFilter.value;
    fill(processFilter, h('option', { value: '' }, 'All processes'), keys.map((key) => h('option', { value: key, selected: key === chosen }, names.get(key) ?? key)));
    const shown = visible();
    if (!shown.length) {
      fill(
        list,
        h(
          'div.empty-state',
          { id: 'inbox-empty' },
          h('div.empty-icon', '✓'),
          h('h3', tasks.length ? 'No task matches these filters' : 'You are all caught up'),
          h('p', tasks.length ? 'Clear the search or the filters to see the rest.' : 'New work for you or your groups appears here as soon as a case reaches you.'),
        ),
      );
      return;
    }
    fill(list, shown.map(card));
  }

  function card(task: Task) {
    const deadline = due(task.dueAt);
    const late = isOverdue(task);
    const actions: HTMLElement[] = [];
    if (mayClaim(task, user)) actions.push(h('button.primary', { type: 'button', dataset: { action: 'claim' }, onClick: (event: Event) => act(event, () => claimTask(api, task), 'Claimed: it is yours now') }, 'Claim'));
    if (task.assignee === user.username) actions.push(h('button', { type: 'button', dataset: { action: 'unclaim' }, onClick: (event: Event) => act(event, () => unclaimTask(api, task), 'Given back to the group') }, 'Unclaim'));
    if (mayDelegate(task, user))
      actions.push(
        h('button', { type: 'button', dataset: { action: 'delegate' }, onClick: (event: Event) => act(event, async () => { const to = await pickDelegate(api, task); if (to) await delegateTask(api, task, to); return to; }, 'Delegated') }, 'Delegate…'),
      );
    return h(
      'article.task-card',
      { dataset: { taskId: task.id, elementId: task.elementId }, class: late ? 'overdue' : '' },
      h(
        'a.task-main',
        { href: `#/tasks/${encodeURIComponent(task.id)}` },
        h('span.task-name', task.name ?? task.elementId),
        h(
          'span.task-meta',
          h('span.process-chip', names.get(task.processKey) ?? task.processKey),
          task.businessKey && h('span.business-key', task.businessKey),
          h('span.muted', { title: dateTime(task.createdAt) }, `created ${relative(task.createdAt)}`),
        ),
        task.instructions && h('span.task-instructions', firstLine(task.instructions)),
      ),
      h('span.task-owner', { title: 'Who holds it' }, ownerText(task, user)),
      h('span', { class: `due due-${late ? 'overdue' : deadline.state}`, title: task.dueAt ? `Due ${dateTime(task.dueAt)}` : '' }, late && deadline.state !== 'overdue' ? 'overdue' : deadline.text),
      h('span.task-actions', actions),
    );
  }

  async function act(event: Event, action: () => Promise<unknown>, done: string) {
    event.preventDefault();
    const button = event.currentTarget as HTMLButtonElement;
    button.disabled = true;
    try {
      const result = await action();
      if (result !== null) toast(done, 'ok');
      await load();
    } catch (error) {
      toast((error as Error).message, 'error');
      await load();
    } finally {
      button.disabled = false;
    }
  }

  const refresh = coalesce(load);
  const setLive = (state: StreamState) => {
    liveBadge.dataset.state = state;
    liveBadge.textContent = { live: 'Live', reconnecting: 'Reconnecting…', polling: 'Auto-refresh' }[state];
  };
  const stop = followEvents({ token: context.token, groups: user.groups, onEvent: (event) => event.kind.startsWith('task.') && refresh(), onState: setLive, onPoll: refresh });
  const clock = setInterval(render, 30_000); // "in 5 min" must keep telling the truth

  names = await processNames(api);
  await load();
  return () => {
    stop();
    clearInterval(clock);
  };
};

function isOverdue(task: Task): boolean {
  return task.breached || (task.dueAt !== null && Date.parse(task.dueAt) <= Date.now());
}

/** No due date sorts last; ties by creation, oldest first. */
function byDueDate(a: Task, b: Task): number {
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  return da === db ? Date.parse(a.createdAt) - Date.parse(b.createdAt) : da - db;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim()) ?? '';
  return line.length > 140 ? `${line.slice(0, 137)}…` : line;
}

function greeting(): string {
  const hour = new Date().getHours();
  return hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
}

