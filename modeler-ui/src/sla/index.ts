import type { PageDefinition } from '../shell/pages.js';
import { shellMount } from '../shared/page.js';

/** The managers' SLA dashboard: breaches, on-time rates and cycle times per step and owner. */
export const slaPages: PageDefinition[] = [
  {
    id: 'sla',
    path: '/sla',
    title: 'SLA dashboard',
    roles: ['manager'],
    nav: { label: 'Dashboard', order: 40 },
    mount: shellMount(async () => (await import('./dashboard-page.js')).mountDashboard),
  },
];
