import type { Api } from '../shared/api.js';
import type { Task, User } from '../shared/contract.js';
import { h } from '../shell/dom.js';

/** Claim, unclaim and delegate: the same three calls from the inbox and the task page. */
export const claimTask = (api: Api, task: Task) => api<Task>(`/api/tasks/${encodeURIComponent(task.id)}/claim`, { method: 'POST', body: {} });
export const unclaimTask = (api: Api, task: Task) => api<Task>(`/api/tasks/${encodeURIComponent(task.id)}/unclaim`, { method: 'POST', body: {} });
export const delegateTask = (api: Api, task: Task, to: string) => api<Task>(`/api/tasks/${encodeURIComponent(task.id)}/delegate`, { method: 'POST', body: { to } });

/** A candidate (named, or in a candidate group) may claim an unassigned task. */
export function mayClaim(task: Task, user: User): boolean {
  if (task.assignee) return false;
  const open = !task.candidateGroups.length && !task.candidateUsers.length;
  return open || task.candidateUsers.includes(user.username) || task.candidateGroups.some((group) => user.groups.includes(group));
}

/** The assignee, or a manager, may hand the task to someone else. */
export function mayDelegate(task: Task, user: User): boolean {
  return task.assignee === user.username || user.groups.includes('managers') || user.groups.includes('admin');
}

/** Who holds the task now, as a person would say it. */
export function ownerText(task: Pick<Task, 'assignee' | 'candidateGroups' | 'candidateUsers'>, me?: User): string {
  if (task.assignee) return task.assignee === me?.username ? 'You' : task.assignee;
  const candidates = [...task.candidateGroups, ...task.candidateUsers];
  return candidates.length ? candidates.join(', ') : 'Everyone';
}

/**
 * A modal that picks a colleague by name (GET /api/users?q=) and delegates to them.
 * Resolves with the user picked, or null when cancelled.
 */
export function pickDelegate(api: Api, task: Task): Promise<string | null> {
  return new Promise((resolve) => {
    const search = h('input', { id: 'delegate-search', type: 'search', placeholder: 'Name or username', autocomplete: 'off', 'aria-label': 'Find a colleague' });
    const results = h('ul.pick-list', { id: 'delegate-results', role: 'listbox' });
    const error = h('p.field-error', { id: 'delegate-error' });
    const close = (value: string | null) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const dialog = h(
      'dialog.modal',
      { id: 'delegate-dialog', 'aria-labelledby': 'delegate-title', onCancel: () => close(null) },
      h('h2', { id: 'delegate-title' }, 'Delegate “', task.name ?? task.elementId, '”'),
      h('p.muted', 'Hand this task to a colleague. They become its assignee and see it in their inbox at once.'),
      search,
      results,
      error,
      h('div.modal-actions', h('button', { type: 'button', onClick: () => close(null) }, 'Cancel')),
    );
    let latest = 0;
    const find = async () => {
      const asked = ++latest;
      try {
        const users = await api<User[]>(`/api/users?q=${encodeURIComponent(search.value.trim())}`);
        if (asked !== latest) return;
        results.replaceChildren(
          ...users
            .filter((user) => user.username !== task.assignee)
            .slice(0, 8)
            .map((user) =>
              h(
                'li',
                h(
                  'button.pick',
                  { type: 'button', dataset: { username: user.username }, onClick: () => close(user.username) },
                  h('span.avatar', initials(user.name || user.username)),
                  h('span.pick-text', h('strong', user.name || user.username), h('span.muted', `${user.username} · ${user.groups.join(', ')}`)),
                ),
              ),
            ),
        );
        if (!users.length) results.replaceChildren(h('li.muted', 'Nobody by that name.'));
        error.textContent = '';
      } catch (problem) {
        error.textContent = `Colleagues cannot be listed: ${(problem as Error).message}`;
      }
    };
    search.addEventListener('input', () => void find());
    document.body.append(dialog);
    dialog.showModal();
    search.focus();
    void find();
  });
}

export function initials(name: string): string {
  const parts = name.split(/[\s.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}
