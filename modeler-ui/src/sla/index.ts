import type { PageDefinition } from '../shell/pages.js';
import { mountPlaceholder } from '../shell/placeholder.js';

/** The SLA dashboard (issue 13 builds it): breaches, on-time rates per step and per owner. */
export const slaPages: PageDefinition[] = [
  {
    id: 'sla',
    path: '/sla',
    title: 'SLA dashboard',
    roles: ['manager'],
    nav: { label: 'Dashboard', order: 40 },
    mount: (view) => mountPlaceholder(view, 'SLA dashboard', 'Breaches, on-time rates per step and per owner will show here.'),
  },
];
