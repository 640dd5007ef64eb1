import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities/index.js';
import type { Pool } from '../stores/db.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Modules evaluated once per workflow thread and shared by every workflow in it, instead
 * of once per new workflow: FEEL (the Camunda built-ins, two of them parsed from FEEL at
 * load, and with them feelin, its parser tables and date library) cost ~30 ms of CPU per
 * instance otherwise. Only stateless modules that import nothing from @temporalio/workflow
 * may be listed (the SDK deep-freezes their exports; test/workflows/preload-modules.test.ts).
 */
export const preloadModules = [fileURLToPath(new URL('../feel/camunda.ts', import.meta.url))];

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the workflow code once per process; every worker in it reuses the bundle. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, preloadModules, logger: quietBundlerLogger });
  return bundle;
}

/** The bundler's progress lines are noise at start-up; warnings and errors still show. */
export const quietBundlerLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn(message: string) {
    console.warn(message);
  },
  error(message: string) {
    console.error(message);
  },
};

export interface WorkerOptions {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  /** A connection to share with a Client in the same process (eager workflow start); else one of its own. */
  connection?: NativeConnection;
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const connection = options.connection ?? (await NativeConnection.connect({ address: options.temporalAddress }));
  return Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ pool: options.pool }),
    // On SIGTERM running activities get this long to finish; then they are cancelled and
    // handed back to the server, which retries them on another worker at once (a rolling
    // restart never waits for a heartbeat or start-to-close timeout).
    shutdownGraceTime: '10 seconds',
    shutdownForceTime: '20 seconds',
  });
}
