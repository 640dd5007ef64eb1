import type { PageDefinition } from '../shell/pages.js';
import { shellMount } from '../shared/page.js';

/** One task: its instructions, form, comments and history; claim, delegate, complete. */
export const taskPages: PageDefinition[] = [
  {
    id: 'task',
    path: '/tasks/:id',
    title: 'Task',
    roles: ['employee'],
    partOf: 'inbox',
    mount: shellMount(async () => (await import('./task-page.js')).mountTaskPage),
  },
];
