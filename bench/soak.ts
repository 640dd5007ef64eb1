/**
 * Worker memory over a soak (issue 12, benchmark (d)): the shipped processes run without a
 * break for `minutes` while the worker's RSS and V8 heap are sampled every 10 s. The
 * worker is worker/main.ts in a process of its own (its memory is its own); the API runs in
 * this process (app.request, no socket) and plays the people: a warehouse clerk completes
 * order-to-cash's pick-and-pack task, accounting posts the payment message (after the
 * one-second dunning timer for half the orders), a sales owner completes crm-follow-up's
 * task, and hello runs its one service task.
 *
 *   npx tsx bench/soak.ts [minutes=30] [--heap-snapshots]   # writes bench/results/soak.json
 *
 * Run by hand, not in CI. The file is rewritten after every sample, so a run cut short
 * still leaves its samples. --heap-snapshots writes two worker heap snapshots (after
 * warm-up and at the end) to a temporary directory named in the result.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app.js';
import { deployShippedProcesses } from '../deployments/deploy-shipped.js';
import { createUser } from '../stores/bpm/identity.js';
import { createPool } from '../stores/db.js';
import { benchStack, scratchDatabaseUrl, type Cleanups } from './stack.js';

process.env.TZ = 'UTC';
const args = process.argv.slice(2);
const minutes = Number(args.find((arg) => !arg.startsWith('--')) ?? 30);
const heapSnapshots = args.includes('--heap-snapshots');
const SAMPLE_EVERY_MS = 10_000;
/** Samples in the first minutes (bundle, caches, JIT) are left out of the slope. */
const WARM_UP_MS = Math.min(120_000, minutes * 60_000 * 0.2);
/** Journeys in flight at once, per kind. */
const IN_FLIGHT = 2;
const taskQueue = `bench-soak-${process.pid}`;
const root = fileURLToPath(new URL('..', import.meta.url));
const resultFile = new URL('./results/soak.json', import.meta.url);
const cleanups: Cleanups = [];
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));

interface Sample {
  atS: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Workflows the SDK keeps in its cache (their state is in the workflow threads, in the RSS). */
  cachedWorkflows: number;
  /** Instances of the run not yet ended (journeys in flight and the ones that failed). */
  runningInstances: number;
  load1m: number;
  journeysDone: number;
}

async function main(): Promise<void> {
  const { databaseUrl: serverUrl, temporalAddress } = await benchStack(cleanups, log);
  const databaseUrl = await scratchDatabaseUrl(serverUrl, 'bench_soak', cleanups);
  const pool = createPool(databaseUrl, 10);
  cleanups.push(() => pool.end());
  await deployShippedProcesses(pool);

  const worker = startWorker(databaseUrl, temporalAddress);
  cleanups.push(() => stopWorker(worker));
  const connection = await Connection.connect({ address: temporalAddress });
  cleanups.push(() => connection.close());
  const app = createApp({ pool, temporal: new Client({ connection }), taskQueue, health: { postgres: async () => 'up', temporal: async () => 'up' } });

  const as: Record<string, Record<string, string>> = {};
  for (const [role, groups] of [['sales', ['sales']], ['warehouse', ['warehouse']], ['accounting', ['accounting']], ['manager', ['managers']]] as const) {
    const username = `soak.${role}`;
    await createUser(pool, { username, name: username, password: 'soak-password-1', groups: [...groups] });
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'soak-password-1' }) });
    as[role] = { authorization: `Bearer ${((await login.json()) as { token: string }).token}`, 'content-type': 'application/json' };
  }
  const call = async (method: 'GET' | 'POST', path: string, role: string, body?: unknown) => {
    const response = await app.request(path, { method, headers: as[role], ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const ok = async (method: 'GET' | 'POST', path: string, role: string, body?: unknown) => {
    const answer = await call(method, path, role, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const until = async <T>(what: string, read: () => Promise<T | undefined>): Promise<T> => {
    // Generous: on a shared, overloaded machine a step can wait minutes for a core.
    const deadline = Date.now() + 300_000;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const instance = (id: string) => ok('GET', `/api/process-instances/${id}`, 'manager');
  const completed = (id: string) => until(`${id} to complete`, async () => ((await instance(id)).status === 'completed' ? true : undefined));
  const openTask = (id: string, elementId: string) =>
    until(`${elementId} of ${id}`, async () => {
      const owners = (await ok('GET', `/api/process-instances/${id}/owners`, 'manager')) as unknown as Array<{ elementId: string; taskId: string }>;
      return owners.find((owner) => owner.elementId === elementId)?.taskId;
    });

  // Master data: a client owned by soak.sales, a product with stock for every order of the run.
  await ok('POST', '/api/erp/warehouses', 'warehouse', { code: 'MAIN', name: 'Main warehouse' });
  await ok('POST', '/api/erp/products', 'warehouse', { sku: 'SOAK-1', name: 'Soak cable', price: 10, standardCost: 4, taxRate: 0.1 });
  await ok('POST', '/api/erp/stock/receipts', 'warehouse', { sku: 'SOAK-1', warehouse: 'MAIN', qty: 1_000_000 });
  const client = await ok('POST', '/api/crm/clients', 'sales', { name: 'Soak Ltd' });

  const journeys = {
    /** Service tasks, a user task through the API, a timer (half of them), a message. */
    async orderToCash(n: number) {
      const late = n % 2 === 0;
      const { instanceId } = (await ok('POST', '/api/process-instances', 'sales', { processKey: 'order-to-cash', variables: { clientId: client.id, lines: [{ sku: 'SOAK-1', qty: 1 }], dunningInterval: late ? 'PT1S' : 'PT1H' } })) as { instanceId: string };
      const pick = await openTask(instanceId, 'Task_pickAndPack');
      await ok('POST', `/api/tasks/${pick}/claim`, 'warehouse', {});
      await ok('POST', `/api/tasks/${pick}/complete`, 'warehouse', { variables: { packages: 1 } });
      const invoiceId = await until('the invoice', async () => {
        const seen = await instance(instanceId);
        const variables = seen.variables as Record<string, unknown>;
        const reminded = !late || (seen.completedElements as string[]).includes('Task_sendReminder');
        return variables.invoiceId !== undefined && reminded ? variables.invoiceId : undefined;
      });
      await until('the payment to correlate', async () => {
        const answer = await call('POST', '/api/messages', 'accounting', { name: 'payment-received', correlationKey: String(invoiceId), variables: { amount: 11 } });
        if (answer.status !== 404 && answer.status >= 300) throw new Error(`POST /api/messages: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.status === 404 ? undefined : true;
      });
      await completed(instanceId);
    },
    /** One service task. */
    async hello(n: number) {
      const { instanceId } = (await ok('POST', '/api/process-instances', 'sales', { processKey: 'hello', variables: { name: `soak ${n}`, to: 'soak.sales' } })) as { instanceId: string };
      await completed(instanceId);
    },
    /** Started by the CRM API, a user task for the client's owner, a CRM service task. */
    async followUp(n: number) {
      const { instanceId } = (await ok('POST', `/api/crm/clients/${String(client.id)}/follow-ups`, 'sales', { subject: `Soak follow-up ${n}`, in: 'PT1S' })) as { instanceId: string };
      const task = await openTask(instanceId, 'Task_followUp');
      await ok('POST', `/api/tasks/${task}/complete`, 'sales', { variables: { kind: 'call', summary: `Soak call ${n}` } });
      await completed(instanceId);
    },
  };
  let aborted = false;
  const done: Record<string, number> = { orderToCash: 0, hello: 0, followUp: 0 };
  const failed: Record<string, number> = { orderToCash: 0, hello: 0, followUp: 0 };
  const failures: string[] = [];
  const started = Date.now();
  const endAt = started + minutes * 60_000;
  const lanes = Object.entries(journeys).flatMap(([kind, journey]) =>
    Array.from({ length: IN_FLIGHT }, async () => {
      while (!aborted && Date.now() < endAt) {
        try {
          await journey(done[kind]! + 1);
          done[kind]! += 1;
        } catch (error) {
          if (aborted) return;
          failures.push(`${kind}: ${(error as Error).message}`);
          failed[kind]! += 1;
          log(`failure ${failures.length}: ${failures.at(-1)}`);
          if (failures.length > 200) throw new Error(`more than 200 failed journeys; last: ${failures.at(-1)}`, { cause: error });
        }
      }
    }),
  );

  const samples: Sample[] = [];
  const snapshots: string[] = [];
  const snapshotDir = heapSnapshots ? mkdtempSync(join(tmpdir(), 'bpm-soak-heap-')) : undefined;
  const total = () => Object.values(done).reduce((a, b) => a + b, 0);
  const sample = async () => {
    const { usage, cachedWorkflows } = await ask<{ usage: NodeJS.MemoryUsage; cachedWorkflows: number }>(worker, { kind: 'memory' });
    const runningInstances = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bpm.process_instances WHERE status IN ('running', 'incident')`)).rows[0]!.n;
    samples.push({ atS: Math.round((Date.now() - started) / 1000), rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external), cachedWorkflows, runningInstances, load1m: Number(loadavg()[0]!.toFixed(2)), journeysDone: total() });
    const last = samples.at(-1)!;
    log(`${last.atS} s: worker RSS ${last.rssMb} MB, heap ${last.heapUsedMb}/${last.heapTotalMb} MB, ${cachedWorkflows} cached workflows, ${runningInstances} running; ${JSON.stringify(done)}; load ${last.load1m}`);
    writeFileSync(resultFile, `${JSON.stringify(report(samples, done, failed, failures, snapshots, false), null, 2)}\n`);
  };
  const snapshot = async (name: string) => {
    if (!snapshotDir) return;
    snapshots.push((await ask<{ path: string }>(worker, { kind: 'snapshot', path: join(snapshotDir, `${name}.heapsnapshot`) })).path);
    log(`heap snapshot ${snapshots.at(-1)}`);
  };
  let snapshotTaken = false;
  const sampling = (async () => {
    while (Date.now() < endAt) {
      await sample();
      if (!snapshotTaken && Date.now() - started >= WARM_UP_MS) {
        snapshotTaken = true;
        await snapshot('after-warm-up');
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(SAMPLE_EVERY_MS, endAt - Date.now()))));
    }
  })();
  // A worker that dies ends the run (the cleanups still stop the stack).
  const died = new Promise<never>((_, reject) =>
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      aborted = true;
      reject(new Error(`the worker exited (${code ?? signal}) before the end`));
    }),
  );
  await Promise.race([Promise.all([...lanes, sampling]), died]);
  await sample();
  await snapshot('end');
  writeFileSync(resultFile, `${JSON.stringify(report(samples, done, failed, failures, snapshots, true), null, 2)}\n`);
  log(`written to bench/results/soak.json: ${total()} journeys, ${failures.length} failures`);
}

function report(samples: Sample[], done: Record<string, number>, failed: Record<string, number>, failures: string[], snapshots: string[], finished: boolean) {
  const steady = samples.filter((s) => s.atS * 1000 >= WARM_UP_MS);
  const of = (field: 'rssMb' | 'heapUsedMb') => ({
    first: samples[0]?.[field],
    last: samples.at(-1)?.[field],
    max: Math.max(...samples.map((s) => s[field])),
    afterWarmUp: steady[0]?.[field],
    slopeMbPer10MinAfterWarmUp: slopePer10Min(steady, field),
  });
  return {
    benchmark: 'soak',
    finished,
    minutes,
    sampleEverySeconds: SAMPLE_EVERY_MS / 1000,
    warmUpSecondsLeftOutOfSlope: WARM_UP_MS / 1000,
    worker: 'worker/main.ts in its own process (bench/soak-worker.ts, node --import tsx), memory from its process.memoryUsage() over IPC',
    mix: `${IN_FLIGHT} of each journey in flight: order-to-cash (4 service tasks, pick-and-pack completed via the API, PT1S dunning timer on every other order, payment-received message), hello (notify.send), crm-follow-up (started via POST /api/crm/clients/{id}/follow-ups, its task completed via the API, crm.logInteraction)`,
    journeysCompleted: done,
    journeysFailed: failed,
    /** The first 20 failures' messages. */
    failures: failures.slice(0, 20),
    cachedWorkflows: { first: samples[0]?.cachedWorkflows, max: Math.max(...samples.map((s) => s.cachedWorkflows)), last: samples.at(-1)?.cachedWorkflows },
    runningInstances: { max: Math.max(...samples.map((s) => s.runningInstances)), last: samples.at(-1)?.runningInstances },
    rss: of('rssMb'),
    heapUsed: of('heapUsedMb'),
    heapSnapshots: snapshots,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    loadAverage1m: { first: samples[0]?.load1m, max: Math.max(...samples.map((s) => s.load1m)), last: samples.at(-1)?.load1m },
    measuredAt: new Date().toISOString(),
    samples,
  };
}

/** Least-squares slope of `field` against time, in MB per 10 minutes. */
function slopePer10Min<T extends { atS: number }>(samples: T[], field: keyof T): number | null {
  if (samples.length < 2) return null;
  const xs = samples.map((s) => s.atS / 600);
  const ys = samples.map((s) => Number(s[field]));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  return sxx === 0 ? null : Number((sxy / sxx).toFixed(2));
}

function startWorker(databaseUrl: string, temporalAddress: string): ChildProcess {
  const child = fork(join(root, 'bench/soak-worker.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_NAMESPACE: 'default', TZ: 'UTC' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return child;
}

let stopping = false;
async function stopWorker(child: ChildProcess): Promise<void> {
  stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** One IPC round trip to the probe in the worker. */
function ask<T>(child: ChildProcess, request: { kind: 'memory' } | { kind: 'snapshot'; path: string }): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not answer ${request.kind} in 120 s`)), 120_000);
    const onMessage = (message: { kind: string } & Record<string, unknown>) => {
      if (message.kind !== request.kind) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup:', error));
}
