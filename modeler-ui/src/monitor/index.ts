import type { PageDefinition } from '../shell/pages.js';

/** Process instances: start one, list and filter them, follow one on its diagram. */
export const monitorPages: PageDefinition[] = [
  {
    id: 'instances',
    path: '/instances',
    title: 'Instances',
    roles: ['employee'],
    nav: { label: 'Instances', order: 30 },
    mount: async (view, _params, context) => (await import('./instances-page.js')).mountInstances(view, context),
  },
  {
    id: 'instance',
    path: '/instances/:id',
    title: 'Instance',
    roles: ['employee'],
    partOf: 'instances',
    mount: async (view, params) => (await import('./instance-page.js')).mountInstance(view, params.id ?? ''),
  },
];
