import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Pool } from '../stores/db.js';
import { DomainError, domainErrorStatus } from '../stores/errors.js';
import { authRoutes, requireGroupToWrite, requireUser, type AuthVariables } from './auth.js';
import { configRoutes, type InstallationConfig } from './config.js';
import { crmRoutes } from './crm.js';
import { deploymentRoutes, processDefinitionRoutes } from './deployments.js';
import { erpRoutes } from './erp.js';
import { eventRoutes, myTaskEventRoutes } from './events.js';
import { healthRoutes, type HealthProbe } from './health.js';
import { meRoutes } from './me.js';
import { messageRoutes } from './messages.js';
import { notificationRoutes } from './notifications.js';
import { openApiDocument } from './openapi.js';
import { HttpProblem, problem } from './problem.js';
import { processInstanceRoutes } from './process-instances.js';
import { processStatisticsRoutes } from './process-statistics.js';
import { signalRoutes } from './signals.js';
import { slaRoutes } from './sla.js';
import { taskRoutes } from './tasks.js';
import { uiRoutes } from './ui.js';
import { userRoutes } from './users.js';

export interface AppDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
  health: HealthProbe;
  /** Served at GET /api/config; the Temporal Web UI address when there is one. */
  config?: Partial<InstallationConfig>;
}

/** The HTTP API: /healthz is open, everything under /api but login needs a bearer token. */
export function createApp(deps: AppDeps) {
  const { pool } = deps;
  const api = new Hono<{ Variables: AuthVariables }>()
    .route('/auth', authRoutes(pool))
    .use('*', requireUser(pool))
    .route('/me', meRoutes(pool))
    .route('/me/task-events', myTaskEventRoutes(pool))
    .route('/config', configRoutes({ temporalNamespace: 'default', ...deps.config }))
    .route('/users', userRoutes(pool))
    .route('/deployments', deploymentRoutes(pool))
    .route('/process-definitions', processStatisticsRoutes(pool))
    .route('/process-definitions', processDefinitionRoutes(pool))
    .route('/process-instances', processInstanceRoutes(deps))
    .route('/messages', messageRoutes(deps))
    .route('/signals', signalRoutes(deps))
    .route('/tasks', taskRoutes(deps))
    .route('/notifications', notificationRoutes(pool))
    .route('/sla', slaRoutes(pool))
    .route('/events', eventRoutes(pool))
    .use('/crm/*', requireGroupToWrite('sales', 'sales-managers', 'managers'))
    .route('/crm', crmRoutes(deps))
    .use('/erp/*', requireGroupToWrite('warehouse', 'accounting', 'managers'))
    .route('/erp', erpRoutes({ pool }))
    .get('/openapi.json', (c) => c.json(openApiDocument(app as Hono)));

  const app: Hono = new Hono()
    .route('/healthz', healthRoutes(deps.health))
    .route('/api', api)
    .route('/', uiRoutes())
    .notFound((c) => problem(c, 404, `No route ${c.req.method} ${c.req.path}`));

  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problem(c, error.status, error.detail, error.errors);
    if (error instanceof DomainError) return problem(c, domainErrorStatus(error.code), error.message);
    if (error instanceof HTTPException) return problem(c, error.status as 400, error.message || 'Bad request');
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return problem(c, 500, 'Something went wrong on our side; it has been logged');
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
