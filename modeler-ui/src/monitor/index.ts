import type { PageDefinition } from '../shell/pages.js';
import { shellMount } from '../shared/page.js';

/**
 * The process monitor: cases by process, status and business key, and one case on its
 * diagram. Employees reach a case of theirs from a task; the server decides who may read it.
 */
export const monitorPages: PageDefinition[] = [
  {
    id: 'instances',
    path: '/instances',
    title: 'Process monitor',
    roles: ['manager', 'designer'],
    nav: { label: 'Monitor', order: 30 },
    mount: shellMount(async () => (await import('./instances-page.js')).mountInstances),
  },
  {
    id: 'instance',
    path: '/instances/:id',
    title: 'Case',
    roles: ['employee'],
    partOf: 'instances',
    mount: shellMount(async () => (await import('./instance-page.js')).mountInstance),
  },
];
