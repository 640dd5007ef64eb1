/**
 * Task-to-next-task latency (issue 12, benchmark b): 20 simulated users, each preparing a
 * case of bench/handoff.bpmn (two user tasks) and handing it to the next user. Measured:
 * from the moment `POST /api/tasks/{id}/complete` answers to the moment the next task is
 * in the next owner's inbox (`GET /api/tasks?filter=mine`, polled every POLL_MS), p50/p99.
 * The real API (in process, no socket), the real worker, the real stores.
 *
 * Run: npx tsx bench/latency.ts [users] [handoffsPerUser]; writes bench/results/latency.json.
 */
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createActivities } from '../activities/index.js';
import { createApp } from '../api/app.js';
import { deployBpmn } from '../deployments/deploy-bpmn.js';
import { createUser } from '../stores/bpm/identity.js';
import { workflowBundle } from '../worker/create-worker.js';
import { benchStack, scratchDatabase, type Cleanups } from './stack.js';

const [users = 20, handoffsPerUser = 10] = process.argv.slice(2).map(Number);
const POLL_MS = 5;
const TARGET_P99_MS = 150;
const cleanups: Cleanups = [];
const log = (line: string) => console.log(line);
const loadAtStart = loadavg().map((value) => Number(value.toFixed(2)));

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { databaseUrl, temporalAddress } = await benchStack(cleanups, log);
  const pool = await scratchDatabase(databaseUrl, 'bench_latency', cleanups);
  const deployed = await deployBpmn(pool, { name: 'handoff.bpmn', xml: readFileSync(new URL('./handoff.bpmn', import.meta.url), 'utf8'), deployedBy: 'bench' });
  if (!deployed.ok) throw new Error(JSON.stringify(deployed.errors));

  const taskQueue = `bench-latency-${process.pid}`;
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: await workflowBundle(), activities: createActivities({ pool }) });
  const running = worker.run();
  cleanups.push(async () => {
    worker.shutdown();
    await running;
    await connection.close();
  });
  // As under `npm start`, API and worker in one process: the client shares the worker's connection.
  const app = createApp({ pool, temporal: new Client({ connection }), taskQueue, health: { postgres: async () => 'up', temporal: async () => 'up' } });

  const names = Array.from({ length: users }, (_, i) => `user${i}`);
  const headers = new Map<string, Record<string, string>>();
  for (const username of names) {
    await createUser(pool, { username, name: username, password: 'bench-password-1', groups: ['sales'] });
    const response = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-password-1' }) });
    const { token } = (await response.json()) as { token: string };
    headers.set(username, { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  }
  const post = (username: string, path: string, body: unknown) => app.request(path, { method: 'POST', headers: headers.get(username)!, body: JSON.stringify(body) });
  const taskOf = async (username: string, instanceId: string, elementId: string): Promise<string | undefined> => {
    const response = await app.request('/api/tasks?filter=mine&processKey=handoff', { headers: headers.get(username)! });
    const tasks = (await response.json()) as Array<{ id: string; instanceId: string; elementId: string }>;
    return tasks.find((task) => task.instanceId === instanceId && task.elementId === elementId)?.id;
  };
  const waitForTask = async (username: string, instanceId: string, elementId: string): Promise<string> => {
    for (;;) {
      const id = await taskOf(username, instanceId, elementId);
      if (id) return id;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  const complete = async (username: string, taskId: string) => {
    const response = await post(username, `/api/tasks/${taskId}/complete`, { variables: {} });
    if (response.status !== 200) throw new Error(`complete ${taskId} as ${username}: ${response.status} ${await response.text()}`);
  };

  const samples: number[] = [];
  const handoff = async (preparer: string, checker: string, measure: boolean) => {
    const started = await post(preparer, '/api/process-instances', { processKey: 'handoff', variables: { preparer, checker } });
    const { instanceId } = (await started.json()) as { instanceId: string };
    await complete(preparer, await waitForTask(preparer, instanceId, 'Task_prepare'));
    const answered = performance.now();
    const next = await waitForTask(checker, instanceId, 'Task_check');
    if (measure) samples.push(performance.now() - answered);
    await complete(checker, next);
  };
  log(`warm-up: ${users} hand-offs`);
  await Promise.all(names.map((name, i) => handoff(name, names[(i + 1) % users]!, false)));
  const began = performance.now();
  await Promise.all(
    names.map(async (name, i) => {
      for (let round = 0; round < handoffsPerUser; round += 1) await handoff(name, names[(i + 1) % users]!, true);
    }),
  );
  const seconds = (performance.now() - began) / 1000;

  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!.toFixed(1));
  const result = {
    benchmark: 'latency',
    what: 'ms from POST /api/tasks/{id}/complete answering to the next task in the next owner\'s inbox (GET /api/tasks?filter=mine)',
    diagram: 'bench/handoff.bpmn: two user tasks, each assigned by FEEL to a user',
    users,
    handoffsPerUser,
    samples: samples.length,
    pollMs: POLL_MS,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    maxMs: Number(sorted.at(-1)!.toFixed(1)),
    targetP99Ms: TARGET_P99_MS,
    handoffsPerSecond: Number((samples.length / seconds).toFixed(1)),
    stack: { postgres: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded', temporal: process.env.TEMPORAL_ADDRESS ? 'TEMPORAL_ADDRESS' : 'dev server (in memory)' },
    loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((value) => Number(value.toFixed(2))) },
    node: process.version,
    cpus: cpus().length,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/latency.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  log(`${samples.length} hand-offs by ${users} users (${result.handoffsPerSecond}/s), polled every ${POLL_MS} ms, load ${loadAtStart[0]} -> ${result.loadAverage.atEnd[0]}`);
  log(`task to next task: p50 ${result.p50Ms} ms, p90 ${result.p90Ms} ms, p99 ${result.p99Ms} ms (target p99 < ${TARGET_P99_MS} ms), max ${result.maxMs} ms`);
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup:', error));
}
