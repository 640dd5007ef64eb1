import './shell/styles.css';
import { inboxPages } from './inbox/index.js';
import { modelerPages } from './modeler/index.js';
import { monitorPages } from './monitor/index.js';
import { responsibilitiesPages } from './responsibilities/index.js';
import { startApp } from './shell/app.js';
import { registerPage } from './shell/pages.js';
import { slaPages } from './sla/index.js';
import { taskPages } from './tasks/index.js';

// Every page of the app, registered once; the shell routes, guards by role and navigates.
for (const page of [...modelerPages, ...inboxPages, ...taskPages, ...monitorPages, ...slaPages, ...responsibilitiesPages]) registerPage(page);

startApp(document.getElementById('app')!);
