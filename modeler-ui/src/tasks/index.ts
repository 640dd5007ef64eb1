import type { PageDefinition } from '../shell/pages.js';
import { mountPlaceholder } from '../shell/placeholder.js';

/** One task (its form, claim, delegate, complete) and starting a new case (issue 13 builds them). */
export const taskPages: PageDefinition[] = [
  {
    id: 'task',
    path: '/tasks/:id',
    title: 'Task',
    roles: ['employee'],
    partOf: 'inbox',
    mount: (view, params) => mountPlaceholder(view, 'Task', `Task ${params.id ?? ''}: its form, claim, delegate and complete will show here.`),
  },
  {
    id: 'start-case',
    path: '/start',
    title: 'Start a case',
    roles: ['employee'],
    nav: { label: 'Start a case', order: 22 },
    mount: (view) => mountPlaceholder(view, 'Start a case', 'Pick a process and fill in its start form here.'),
  },
];
