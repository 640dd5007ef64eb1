import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Pool } from '../stores/db.js';
import { DomainError, domainErrorStatus } from '../stores/errors.js';
import { auditRoutes } from './audit.js';
import { authRoutes, requireUser, type AuthVariables } from './auth.js';
import { authorize } from './authorization.js';
import { configRoutes, type InstallationConfig } from './config.js';
import { crmRoutes } from './crm.js';
import { decisionDefinitionRoutes } from './decisions.js';
import { deploymentRoutes, processDefinitionRoutes } from './deployments.js';
import { erpRoutes } from './erp.js';
import { eventRoutes, myTaskEventRoutes } from './events.js';
import { bodyLimits, corsFor, databaseProblem, securityHeaders } from './hardening.js';
import { healthRoutes, type HealthProbe } from './health.js';
import { meRoutes } from './me.js';
import { messageRoutes } from './messages.js';
import { notificationRoutes } from './notifications.js';
import { docsRoutes } from './docs.js';
import { allowedMethods } from './method-not-allowed.js';
import { describe, openApiDocument } from './openapi.js';
import { HttpProblem, problem } from './problem.js';
import { processInstanceRoutes } from './process-instances.js';
import { processStatisticsRoutes } from './process-statistics.js';
import { signalRoutes } from './signals.js';
import { slaRoutes } from './sla.js';
import { taskRoutes } from './tasks.js';
import { uiRoutes } from './ui.js';
import { isWorkflowBusy, unavailableDependency } from './unavailable.js';
import { userRoutes } from './users.js';
import { z } from 'zod';

export interface AppDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
  health: HealthProbe;
  /** Served at GET /api/config; the Temporal Web UI address when there is one. */
  config?: Partial<InstallationConfig>;
  /** Origins a browser may call the API from (CORS_ORIGINS); none: CORS stays closed. */
  corsOrigins?: string[];
}

/** The HTTP API: /healthz is open, everything under /api but login needs a bearer token. */
export function createApp(deps: AppDeps) {
  const { pool } = deps;
  const api = new Hono<{ Variables: AuthVariables }>()
    .route('/auth', authRoutes(pool))
    .route('/docs', docsRoutes())
    .use('*', requireUser(pool), authorize())
    .route('/me', meRoutes(pool))
    .route('/me/task-events', myTaskEventRoutes(pool))
    .route('/config', configRoutes({ temporalNamespace: 'default', ...deps.config }))
    .route('/users', userRoutes(pool))
    .route('/audit', auditRoutes(pool))
    .route('/deployments', deploymentRoutes(pool))
    .route('/process-definitions', processStatisticsRoutes(pool))
    .route('/process-definitions', processDefinitionRoutes(pool))
    .route('/decision-definitions', decisionDefinitionRoutes(pool))
    .route('/process-instances', processInstanceRoutes(deps))
    .route('/messages', messageRoutes(deps))
    .route('/signals', signalRoutes(deps))
    .route('/tasks', taskRoutes(deps))
    .route('/notifications', notificationRoutes(pool))
    .route('/sla', slaRoutes(pool))
    .route('/events', eventRoutes(pool))
    .route('/crm', crmRoutes(deps))
    .route('/erp', erpRoutes({ pool }))
    .get('/openapi.json', describe({ summary: 'This document (OpenAPI 3.1)', responses: { 200: z.record(z.string(), z.unknown()) } }), async (c) => c.json(await openApiDocument(app)));

  const app: Hono = new Hono()
    .use('*', securityHeaders())
    .use('/api/*', corsFor(deps.corsOrigins), bodyLimits())
    .route('/healthz', healthRoutes(deps.health))
    .route('/api', api)
    .route('/', uiRoutes())
    .notFound((c) => {
      const allowed = allowedMethods(app, c.req.path);
      if (allowed.length === 0) return problem(c, 404, `No route ${c.req.method} ${c.req.path}`);
      c.header('Allow', allowed.join(', '));
      return problem(c, 405, `${c.req.path} takes ${allowed.join(', ')}, not ${c.req.method}`);
    });

  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problem(c, error.status, error.detail, error.errors);
    if (error instanceof DomainError) return problem(c, domainErrorStatus(error.code), error.message);
    if (error instanceof HTTPException) return problem(c, error.status as 400, error.message || 'Bad request');
    const down = unavailableDependency(error);
    if (down) return problem(c, 503, `${down} is unreachable right now; try again shortly`);
    if (isWorkflowBusy(error)) return problem(c, 503, 'The case cannot take this right now: a worker is retrying its last step; try again shortly');
    const refused = databaseProblem(error);
    if (refused) return problem(c, refused.status, refused.detail);
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return problem(c, 500, 'Something went wrong on our side; it has been logged');
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
