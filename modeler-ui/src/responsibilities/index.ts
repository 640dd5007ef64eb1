import type { PageDefinition } from '../shell/pages.js';
import { shellMount } from '../shared/page.js';

/** "What am I responsible for": every step of every process the user may own. */
export const responsibilitiesPages: PageDefinition[] = [
  {
    id: 'responsibilities',
    path: '/responsibilities',
    title: 'My responsibilities',
    roles: ['employee'],
    nav: { label: 'Responsibilities', order: 25 },
    mount: shellMount(async () => (await import('./responsibilities-page.js')).mountResponsibilities),
  },
];
