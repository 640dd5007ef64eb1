import type { PageDefinition } from '../shell/pages.js';
import { mountPlaceholder } from '../shell/placeholder.js';

/** "What am I responsible for" (issue 13 builds it): every step of every process the user may own. */
export const responsibilitiesPages: PageDefinition[] = [
  {
    id: 'responsibilities',
    path: '/responsibilities',
    title: 'My responsibilities',
    roles: ['employee'],
    nav: { label: 'Responsibilities', order: 25 },
    mount: (view) => mountPlaceholder(view, 'My responsibilities', 'Every step of every process that you may be asked to do will be listed here.'),
  },
];
