import { api, ApiProblem } from '../shell/api.js';
import { fill, h, when } from '../shell/dom.js';

/** What GET /api/tasks lists (CONTRACT §2 Task inbox), the fields shown here. */
interface InboxTask {
  id: string;
  name?: string | null;
  elementId: string;
  processKey: string;
  instanceId: string;
  businessKey?: string | null;
  assignee?: string | null;
  candidateGroups?: string[];
  dueAt?: string | null;
  breached?: boolean;
}

/** The open tasks assigned to me, my groups', or all. */
export async function mountInbox(view: HTMLElement): Promise<void> {
  const filter = h(
    'select',
    { id: 'task-filter', 'aria-label': 'Which tasks', onChange: refresh },
    h('option', { value: 'mine' }, 'Assigned to me'),
    h('option', { value: 'group' }, 'My groups'),
    h('option', { value: 'all' }, 'All'),
  );
  const listBox = h('div.table-box', { id: 'task-list' });
  view.append(h('div.page.page-tasks', h('section.content', h('div.toolbar', h('div.toolbar-title', h('h2', 'Task inbox')), h('div.toolbar-actions', filter)), listBox)));

  async function refresh() {
    try {
      const tasks = await api<InboxTask[]>('/api/tasks', { query: { filter: filter.value, state: 'open' } });
      fill(listBox, tasks.length ? taskTable(tasks) : h('p.empty', 'Nothing to do here right now.'));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) {
        fill(listBox, h('div.empty-state', { id: 'tasks-unavailable' }, h('h3', 'The task inbox is not available yet'), h('p', 'This server does not offer tasks yet.')));
      } else {
        fill(listBox, h('p.error', `Could not load tasks: ${(error as Error).message}`));
      }
    }
  }

  await refresh();
}

function taskTable(tasks: InboxTask[]) {
  return h(
    'table.data',
    h('thead', h('tr', h('th', 'Task'), h('th', 'Process'), h('th', 'Business key'), h('th', 'Owner'), h('th', 'Due'))),
    h(
      'tbody',
      tasks.map((task) =>
        h(
          'tr',
          { dataset: { taskId: task.id }, class: task.breached ? 'breached' : '' },
          h('td', h('a', { href: `#/tasks/${encodeURIComponent(task.id)}` }, task.name ?? task.elementId)),
          h('td', h('a', { href: `#/instances/${task.instanceId}` }, task.processKey)),
          h('td', task.businessKey ?? '—'),
          h('td', task.assignee ?? (task.candidateGroups ?? []).join(', ')),
          h('td', { title: task.dueAt ?? '' }, task.dueAt ? when(task.dueAt) : '—'),
        ),
      ),
    ),
  );
}
