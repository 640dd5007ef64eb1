import type { PageDefinition } from '../shell/pages.js';

/** The employees' task inbox (issue 13 grows it: claim, sort, filters, the task page). */
export const inboxPages: PageDefinition[] = [
  {
    id: 'inbox',
    path: '/inbox',
    title: 'Task inbox',
    roles: ['employee'],
    nav: { label: 'Inbox', order: 20 },
    mount: async (view) => (await import('./inbox-page.js')).mountInbox(view),
  },
];
