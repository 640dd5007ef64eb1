import type { PageDefinition } from '../shell/pages.js';
import { shellMount } from '../shared/page.js';

/** The employees' task inbox and starting a case. */
export const inboxPages: PageDefinition[] = [
  {
    id: 'inbox',
    path: '/inbox',
    title: 'My work',
    roles: ['employee'],
    nav: { label: 'Inbox', order: 20 },
    mount: shellMount(async () => (await import('./inbox-page.js')).mountInbox),
  },
  {
    id: 'start-case',
    path: '/start/:key?',
    title: 'Start a case',
    roles: ['employee'],
    nav: { label: 'Start a case', order: 22 },
    mount: shellMount(async () => (await import('./start-case-page.js')).mountStartCase),
  },
];
