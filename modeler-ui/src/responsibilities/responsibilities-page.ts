import { ApiProblem, query } from '../shared/api.js';
import type { Responsibility, User } from '../shared/contract.js';
import { fill, h } from '../shell/dom.js';
import { kpi } from '../shared/widgets.js';
import { isManager, type MountPage } from '../shared/page.js';
import '../shared/pages.css';

const VIA: Record<Responsibility['via'], (entry: Responsibility) => string> = {
  assignee: () => 'assigned to you by name',
  candidateUser: () => 'you are named as a candidate',
  candidateGroup: (entry) => `your group ${entry.group ?? ''}`.trim(),
  lane: (entry) => `your lane${entry.group ? ` (${entry.group})` : ''}`,
  everyone: () => 'open to every employee',
  expression: (entry) => `decided per case: ${entry.expression ?? 'an expression'}`,
};

/**
 * What I am responsible for (GET /api/me/responsibilities): every step of every process
 * that may land on me, what it asks of me, and how many are open and late right now.
 * Managers may look at a colleague's.
 */
export const mountResponsibilities: MountPage = async (element, context) => {
  const { api, user } = context;
  const who = h('select', { id: 'responsibilities-user', 'aria-label': 'Whose responsibilities', onChange: () => void load() }, h('option', { value: '' }, 'Me'));
  const summary = h('div.kpis', { id: 'responsibilities-summary' });
  const list = h('div', { id: 'responsibilities-list' });
  element.append(
    h(
      'div.page.page-responsibilities',
      h(
        'section.content.scroll',
        h(
          'div.page-head',
          h('div', h('h1.page-title', 'My responsibilities'), h('p.page-lead', 'The steps across all processes that are yours, and what each one asks of you.')),
          isManager(user) && h('div.head-actions', h('label.inline', 'Show for', who)),
        ),
        summary,
        list,
      ),
    ),
  );

  if (isManager(user)) {
    try {
      const users = await api<User[]>('/api/users?q=');
      who.append(...users.filter((other) => other.username !== user.username).map((other) => h('option', { value: other.username }, other.name || other.username)));
    } catch {
      // The picker stays at "Me".
    }
  }

  async function load() {
    let entries: Responsibility[];
    try {
      entries = await api<Responsibility[]>(`/api/me/responsibilities${query({ username: who.value })}`);
    } catch (error) {
      const missing = error instanceof ApiProblem && error.status === 404;
      fill(list, h('div.empty-state', h('h3', missing ? 'Responsibilities are not served yet' : 'Responsibilities cannot be loaded'), h('p', (error as Error).message)));
      return;
    }
    const open = entries.reduce((sum, entry) => sum + entry.open, 0);
    const late = entries.reduce((sum, entry) => sum + entry.breached, 0);
    const processes = new Map<string, Responsibility[]>();
    for (const entry of entries) processes.set(entry.processKey, [...(processes.get(entry.processKey) ?? []), entry]);
    fill(
      summary,
      kpi(String(entries.length), entries.length === 1 ? 'step' : 'steps', `across ${processes.size} ${processes.size === 1 ? 'process' : 'processes'}`),
      kpi(String(open), 'open now', 'waiting for you or your groups'),
      kpi(String(late), 'late', late ? 'past their deadline' : 'nothing is late', late ? 'bad' : 'good'),
    );
    if (!entries.length) {
      fill(list, h('div.empty-state', h('h3', 'No step of any process is yours'), h('p', 'When a process names you, your group or your lane, its steps appear here.')));
      return;
    }
    fill(
      list,
      [...processes.entries()].map(([key, steps]) =>
        h(
          'section.card.responsibility-process',
          { dataset: { processKey: key } },
          h('h2.card-title', steps[0]?.processName || key),
          h(
            'ul.responsibility-list',
            steps.map((step) =>
              h(
                'li.responsibility',
                { dataset: { elementId: step.elementId } },
                h(
                  'div.responsibility-main',
                  h('strong', step.name || step.elementId),
                  h('span.via', VIA[step.via]?.(step) ?? step.via),
                  h('p.instructions-text', step.instructions || 'No instructions were written for this step.'),
                ),
                h('div.responsibility-counts', h('span.count-pill', { title: 'Open now' }, `${step.open} open`), h('span.count-pill', { class: step.breached ? 'bad' : '' }, `${step.breached} late`)),
              ),
            ),
          ),
        ),
      ),
    );
  }
  await load();
};
