import type { PageDefinition } from '../shell/pages.js';

/** Designers' page: deployed processes, the Camunda modeler, properties, lint, deploy. */
export const modelerPages: PageDefinition[] = [
  {
    id: 'modeler',
    path: '/processes/:key?',
    title: 'Modeler',
    roles: ['designer'],
    nav: { label: 'Processes', order: 10 },
    mount: async (view, params, context) => (await import('./modeler-page.js')).mountModeler(view, params, context),
  },
];
