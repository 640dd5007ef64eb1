import { ApiProblem, problemsOf } from '../shared/api.js';
import type { ClientCard, Task, TaskHistoryEntry } from '../shared/contract.js';
import { dateTime, due, relative } from '../shared/dates.js';
import { fill, h } from '../shell/dom.js';
import { coalesce, followEvents } from '../shared/event-stream.js';
import { FormView } from '../shared/form-view.js';
import { generatedForm } from '../shared/generated-form.js';
import type { MountPage } from '../shared/page.js';
import { processNames } from '../shared/processes.js';
import { toast } from '../shell/toast.js';
import { claimTask, delegateTask, initials, mayClaim, mayDelegate, ownerText, pickDelegate, unclaimTask } from './task-actions.js';
import '../shared/pages.css';

/**
 * One task: what to do (the step's instructions), for which case and client, its form
 * (form-js; a generated one when the step has none), comments and what happened so far.
 * Completing shows the server's 422 problems on the fields they name.
 */
export const mountTaskPage: MountPage = async (element, context) => {
  const { api, user } = context;
  const taskId = context.params.id ?? '';
  const title = h('h1.page-title', { id: 'task-title' }, 'Task');
  const subtitle = h('div.task-subtitle', { id: 'task-subtitle' });
  const headActions = h('div.head-actions', { id: 'task-actions' });
  const instructions = h('section.card.instructions', { id: 'task-instructions', hidden: true });
  const formBox = h('div.form-box', { id: 'task-form' });
  const formProblems = h('p.field-error', { id: 'task-form-error', role: 'alert' });
  const complete = h('button.primary.large', { type: 'button', id: 'task-complete', onClick: () => void submit() }, 'Complete task');
  const formHint = h('p.muted.form-hint', { id: 'task-form-hint' });
  const caseCard = h('section.card', { id: 'task-case' });
  const clientCard = h('section.card', { id: 'task-client', hidden: true });
  const comments = h('ol.timeline', { id: 'task-history' });
  const commentText = h('textarea', { id: 'comment-text', rows: 2, placeholder: 'Add a comment for whoever works on this next', 'aria-label': 'Comment' });
  const commentForm = h(
    'form.comment-form',
    { id: 'comment-form', onSubmit: (event: Event) => void addComment(event) },
    commentText,
    h('button', { type: 'submit', id: 'comment-submit' }, 'Comment'),
  );

  element.append(
    h(
      'div.page.page-task',
      h(
        'section.content.scroll',
        h('div.page-head', h('div', h('a.crumb', { href: '#/inbox' }, '← My work'), title, subtitle), headActions),
        h(
          'div.task-layout',
          h('div.task-column', instructions, h('section.card', h('h2.card-title', 'Your input'), formBox, formProblems, h('div.form-actions', complete, formHint))),
          h('aside.task-side', caseCard, clientCard, h('section.card', h('h2.card-title', 'Comments and history'), commentForm, comments)),
        ),
      ),
    ),
  );

  const form = new FormView(formBox);
  let task: Task | undefined;
  let names = new Map<string, string>();
  let formShownFor: string | undefined;
  let clientShown: unknown;
  let shownHistory = '';

  async function load() {
    try {
      task = await api<Task>(`/api/tasks/${encodeURIComponent(taskId)}`);
    } catch (error) {
      fill(title, error instanceof ApiProblem && error.status === 403 ? 'This task is not yours' : 'Task not found');
      fill(subtitle, h('span.error', (error as Error).message));
      complete.disabled = true;
      return;
    }
    describe(task);
    if (formShownFor !== task.id) {
      formShownFor = task.id;
      const schema = task.form && Array.isArray(task.form.components) ? task.form : generatedForm(task.variables ?? {});
      formHint.textContent = task.form ? '' : 'This step has no form of its own: the fields are the case’s current values.';
      await form.show(schema, task.variables ?? {});
    }
    void loadClient(task);
    await loadHistory();
  }

  let shownState = '';
  function describe(current: Task) {
    // The page refreshes every few seconds: redraw only what changed, so nothing under
    // the user's pointer is replaced while they reach for it.
    const state = JSON.stringify([current.state, current.assignee, current.dueAt, current.breached, current.name, current.instructions]);
    if (state === shownState) return;
    shownState = state;
    const open = (current.state ?? 'open') === 'open';
    const deadline = due(current.dueAt);
    const late = current.breached || deadline.state === 'overdue';
    fill(title, current.name ?? current.elementId);
    fill(
      subtitle,
      h('span.process-chip', names.get(current.processKey) ?? current.processKey),
      current.businessKey && h('span.business-key', current.businessKey),
      open ? h('span', { class: `due due-${late ? 'overdue' : deadline.state}`, title: current.dueAt ? dateTime(current.dueAt) : '' }, late && deadline.state !== 'overdue' ? 'overdue' : deadline.text) : h('span.badge.badge-completed', current.state ?? 'completed'),
      h('span.muted', 'Held by ', h('strong', { id: 'task-owner' }, ownerText(current, user))),
    );
    const buttons: HTMLElement[] = [];
    if (open && mayClaim(current, user)) buttons.push(h('button.primary', { type: 'button', id: 'task-claim', onClick: () => void act(() => claimTask(api, current), 'Claimed: it is yours now') }, 'Claim'));
    if (open && current.assignee === user.username) buttons.push(h('button', { type: 'button', id: 'task-unclaim', onClick: () => void act(() => unclaimTask(api, current), 'Given back to the group') }, 'Unclaim'));
    if (open && mayDelegate(current, user))
      buttons.push(
        h('button', { type: 'button', id: 'task-delegate', onClick: () => void act(async () => { const to = await pickDelegate(api, current); if (to) await delegateTask(api, current, to); return to; }, 'Delegated') }, 'Delegate…'),
      );
    fill(headActions, buttons);
    complete.disabled = !open;
    complete.title = open && !current.assignee ? 'Completing claims the task for you' : '';
    instructions.hidden = !current.instructions;
    if (current.instructions) fill(instructions, h('h2.card-title', 'What to do'), h('p.instructions-text', current.instructions));
    fill(
      caseCard,
      h('h2.card-title', 'The case'),
      h(
        'dl.facts',
        h('dt', 'Process'),
        h('dd', names.get(current.processKey) ?? current.processKey),
        h('dt', 'Business key'),
        h('dd', current.businessKey ?? '—'),
        h('dt', 'Step created'),
        h('dd', { title: dateTime(current.createdAt) }, relative(current.createdAt)),
        h('dt', 'Due'),
        h('dd', current.dueAt ? `${dateTime(current.dueAt)} (${relative(current.dueAt)})` : 'no deadline'),
      ),
      h('a.more', { href: `#/instances/${encodeURIComponent(current.instanceId)}`, id: 'task-open-case' }, 'Open the case →'),
    );
  }

  async function loadClient(current: Task) {
    const clientId = current.variables?.clientId ?? (current.variables?.client as { id?: unknown } | undefined)?.id;
    if (clientId === undefined || clientId === null || clientShown === clientId) return;
    clientShown = clientId;
    let card: ClientCard;
    try {
      card = await api<ClientCard>(`/api/crm/clients/${encodeURIComponent(String(clientId))}`);
    } catch {
      const embedded = current.variables?.client as ClientCard | undefined;
      if (!embedded?.name) return;
      card = embedded;
    }
    clientCard.hidden = false;
    const openDeals = (card.deals ?? []).filter((deal) => deal.stage !== 'won' && deal.stage !== 'lost');
    const lastContact = card.interactions?.[0];
    fill(
      clientCard,
      h('h2.card-title', 'Client'),
      h('div.client-name', h('span.avatar', initials(card.name)), h('div', h('strong', card.name), card.owner && h('div.muted', `Account owner: ${card.owner}`))),
      h(
        'dl.facts',
        card.creditLimit !== undefined && card.creditLimit !== null && [h('dt', 'Credit limit'), h('dd', money(card.creditLimit))],
        card.balance !== undefined && card.balance !== null && [h('dt', 'Open balance'), h('dd', money(card.balance))],
        h('dt', 'Open deals'),
        h('dd', openDeals.length ? openDeals.map((deal) => `${deal.title ?? `#${deal.id}`} (${deal.stage})`).join(', ') : 'none'),
        card.contacts?.[0] && [h('dt', 'Contact'), h('dd', [card.contacts[0].name, card.contacts[0].email ?? card.contacts[0].phone].filter(Boolean).join(' · '))],
        lastContact && [h('dt', 'Last contact'), h('dd', `${lastContact.kind ?? ''} ${lastContact.summary ?? ''}`.trim())],
      ),
    );
  }

  async function loadHistory() {
    try {
      const entries = await api<TaskHistoryEntry[]>(`/api/tasks/${encodeURIComponent(taskId)}/history`);
      const seen = JSON.stringify(entries);
      if (seen === shownHistory) return;
      shownHistory = seen;
      fill(comments, entries.length ? [...entries].reverse().map(historyLine) : h('li.muted', 'Nothing yet.'));
    } catch (error) {
      const missing = error instanceof ApiProblem && (error.status === 404 || error.status === 405);
      fill(comments, h('li.muted', missing ? 'This server keeps no task history yet.' : `History cannot be loaded: ${(error as Error).message}`));
    }
  }

  async function addComment(event: Event) {
    event.preventDefault();
    const text = commentText.value.trim();
    if (!text) return;
    try {
      await api(`/api/tasks/${encodeURIComponent(taskId)}/comments`, { method: 'POST', body: { text } });
      commentText.value = '';
      await loadHistory();
    } catch (error) {
      toast(`The comment was not saved: ${(error as Error).message}`, 'error');
    }
  }

  async function act(action: () => Promise<unknown>, done: string) {
    try {
      const result = await action();
      if (result !== null) toast(done, 'ok');
    } catch (error) {
      toast((error as Error).message, 'error');
    }
    await load();
  }

  async function submit() {
    if (!task) return;
    formProblems.textContent = '';
    const variables = form.submit();
    if (!variables) {
      formProblems.textContent = 'Some fields need your attention.';
      return;
    }
    complete.disabled = true;
    try {
      if (!task.assignee && mayClaim(task, user)) await claimTask(api, task);
      await api(`/api/tasks/${encodeURIComponent(task.id)}/complete`, { method: 'POST', body: { variables } });
      toast(`Done: ${task.name ?? task.elementId}`, 'ok');
      context.navigate('#/inbox');
    } catch (error) {
      complete.disabled = false;
      if (error instanceof ApiProblem && error.status === 422) {
        const rest = form.showProblems(problemsOf(error));
        formProblems.textContent = rest.length ? rest.map((problem) => problem.message).join('; ') : 'The server refused some fields: see the messages on them.';
      } else {
        formProblems.textContent = (error as Error).message;
      }
    }
  }

  const refresh = coalesce(load, 300);
  const stop = followEvents({
    token: context.token,
    groups: user.groups,
    onPoll: refresh,
    onEvent: (event) => {
      if (event.taskId === taskId) refresh();
    },
  });
  names = await processNames(api);
  await load();
  return () => {
    stop();
    form.destroy();
  };
};

function historyLine(entry: TaskHistoryEntry) {
  const what: Record<string, string> = {
    created: 'The task was created',
    claimed: 'claimed it',
    unclaimed: 'gave it back',
    delegated: `delegated it${entry.to ? ` to ${String(entry.to)}` : ''}`,
    commented: 'commented',
    breached: 'The deadline passed',
    completed: 'completed it',
    cancelled: 'The task was cancelled with its case',
  };
  const by = entry.by ? h('strong', entry.by, ' ') : null;
  return h(
    'li',
    { class: `history-${entry.kind}`, dataset: { kind: entry.kind } },
    h('span.history-what', entry.kind === 'created' || entry.kind === 'breached' ? null : by, what[entry.kind] ?? entry.kind),
    entry.kind === 'commented' && h('blockquote', String(entry.text ?? entry.comment ?? '')),
    h('time.muted', { datetime: entry.at, title: dateTime(entry.at) }, relative(entry.at)),
  );
}

function money(amount: number): string {
  return amount.toLocaleString(undefined, { style: 'currency', currency: 'EUR' });
}
