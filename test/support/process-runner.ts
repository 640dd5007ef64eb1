import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { createWorker } from '../../worker/create-worker.js';
import { deployShippedProcesses } from '../../deployments/deploy-shipped.js';
import type { Pool } from '../../stores/db.js';
import type { InboxTask } from '../../stores/bpm/tasks.js';
import { readJson, testApi, type TestApi } from './api.js';
import { freshDatabase, type TestDatabase } from './database.js';

/** The real app and a real worker on one task queue of the suite's Temporal server. */
export async function processRunner(pool: Pool, taskQueue: string): Promise<{ api: TestApi; worker: Worker; stop(): Promise<void> }> {
  await deployShippedProcesses(pool);
  const api = await testApi(pool, taskQueue);
  const worker = await createWorker({ temporalAddress: inject('temporalAddress'), namespace: 'default', taskQueue, pool });
  const running = worker.run();
  return {
    api,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await api.close();
    },
  };
}

/**
 * Polls until `read` gives a value (process steps run asynchronously). `describe` says
 * what the world looked like when it gave up, for the failure message.
 */
export async function eventually<T>(read: () => Promise<T | undefined>, what: string, ms = 30_000, describe?: () => Promise<unknown>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${describe ? `; last seen: ${JSON.stringify(await describe())}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The open task of `elementId` in the instance, as seen from `headers`' inbox. */
export function inboxTask(api: TestApi, headers: Record<string, string>, instanceId: string, elementId: string) {
  return eventually(async () => {
    const tasks = (await readJson(await api.app.request('/api/tasks?filter=all', { headers }))) as InboxTask[];
    return tasks.find((task) => task.instanceId === instanceId && task.elementId === elementId);
  }, `task ${elementId} in the inbox`);
}

export async function instanceOf(api: TestApi, headers: Record<string, string>, instanceId: string) {
  return readJson(await api.app.request(`/api/process-instances/${instanceId}`, { headers }));
}

export interface ProcessTestContext {
  db: TestDatabase;
  api: TestApi;
  /** Bearer-token headers per role name given to useProcessRunner. */
  as: Record<string, Record<string, string>>;
  post(path: string, headers: Record<string, string>, body?: unknown): Promise<Response>;
}

/**
 * One describe block's world: a fresh database, the real app and worker on `taskQueue`,
 * the shipped processes deployed, and a user per role (`{role: [username, groups]}`).
 * Its fields are filled in beforeAll; read them inside tests and hooks only.
 */
export function useProcessRunner(taskQueue: string, users: Record<string, [string, string[]]>): ProcessTestContext {
  let runner: Awaited<ReturnType<typeof processRunner>>;
  const context = {
    as: {},
    post: (path: string, headers: Record<string, string>, body: unknown = {}) =>
      context.api.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) }),
  } as ProcessTestContext;
  beforeAll(async () => {
    context.db = await freshDatabase();
    runner = await processRunner(context.db.pool, taskQueue);
    context.api = runner.api;
    for (const [role, [username, groups]] of Object.entries(users)) context.as[role] = await context.api.as(username, groups);
  }, 120_000);
  afterAll(async () => {
    await runner?.stop();
    await context.db?.drop();
  });
  return context;
}
