/**
 * The soak's worker process: what worker/main.ts runs (createWorker on the environment's
 * DATABASE_URL, TEMPORAL_ADDRESS and task queue), plus an IPC probe that answers the parent
 * (bench/soak.ts) with this process's own memory and the worker's count of cached
 * workflows, and writes a heap snapshot when asked. The workflows' V8 heaps live in the
 * SDK's workflow threads: they are in the RSS, not in `heapUsed` (the main thread's).
 */
import type { Worker } from '@temporalio/worker';
import { writeHeapSnapshot } from 'node:v8';
import { loadEnv } from '../config/env.js';
import { connectPostgres } from '../local-stack/connect.js';
import { requireExternalServices } from '../local-stack/require-external.js';
import { createWorker } from '../worker/create-worker.js';

type Request = { kind: 'memory' } | { kind: 'snapshot'; path: string };

const started: { worker?: Worker } = {};
if (process.send) {
  process.on('message', (request: Request) => {
    if (request.kind === 'memory') process.send!({ kind: 'memory', usage: process.memoryUsage(), cachedWorkflows: started.worker?.getStatus().numCachedWorkflows ?? 0 });
    else if (request.kind === 'snapshot') process.send!({ kind: 'snapshot', path: writeHeapSnapshot(request.path) });
  });
  // The channel must not keep a draining worker alive after SIGTERM.
  process.channel?.unref();
}

process.env.TZ = 'UTC';
const env = loadEnv();
const { databaseUrl, temporalAddress } = requireExternalServices(env);
const pool = await connectPostgres(databaseUrl, 20);
const worker = await createWorker({ temporalAddress, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, pool });
started.worker = worker;
await worker.run(); // SIGTERM makes the SDK drain and return
await pool.end();
