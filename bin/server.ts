/**
 * The API server alone, for production: PostgreSQL and Temporal come by URL. Runs the
 * migrations (advisory-locked, so replicas may start together) and deploys the shipped
 * processes; workers run separately (`npm run worker`).
 */
import { serve } from '@hono/node-server';
import { Client } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { ConfigError, loadEnv } from '../config/env.js';
import { deployShippedProcesses } from '../deployments/deploy-shipped.js';
import { connectPostgres, connectTemporal } from '../local-stack/connect.js';
import { SetupError } from '../local-stack/errors.js';
import { requireExternalServices } from '../local-stack/require-external.js';
import { migrate } from '../stores/migrate.js';
import { bootstrapIdentity } from './bootstrap-identity.js';

try {
  const env = loadEnv();
  const { databaseUrl, temporalAddress } = requireExternalServices(env);
  const pool = await connectPostgres(databaseUrl, 20);
  const connection = await connectTemporal(temporalAddress);
  await migrate(databaseUrl);
  await bootstrapIdentity(pool, env);
  await deployShippedProcesses(pool);
  const app = createApp({
    pool,
    temporal: new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }),
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    config: { temporalNamespace: env.TEMPORAL_NAMESPACE, temporalUiUrl: env.TEMPORAL_UI_URL },
    corsOrigins: env.CORS_ORIGINS,
    health: {
      postgres: () => pool.query('SELECT 1').then(() => 'up' as const, () => 'down' as const),
      temporal: () => connection.workflowService.getSystemInfo({}).then(() => 'up' as const, () => 'down' as const),
    },
  });
  const server = serve({ fetch: app.fetch, port: env.PORT }, () => console.log(`[bpm] API listening on :${env.PORT}`));
  process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
} catch (error) {
  if (!(error instanceof SetupError || error instanceof ConfigError)) throw error;
  console.error(`[bpm] error: ${error.message}`);
  process.exit(1);
}
