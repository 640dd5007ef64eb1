/**
 * Cost growth (issue 12, benchmark (c)): instances/s of the straight-through diagram
 * through the engine, and the latency of what the monitor, the inbox and the manager
 * dashboard call, first with `small` (1 000) and then with `large` (100 000) ended
 * instances in the stores. On Temporal's side `real` (10 000) instances really run through
 * the engine (the first ones before the small measurement); the rest of the stores' rows
 * are filled by SQL (bench/growth-fill.ts). One invocation, one stack; the ratio is the point.
 *
 *   npm run bench:growth                                   # writes bench/results/growth.json
 *   npx tsx bench/growth.ts --real 500 --large 20000       # a quick run (not the recorded one)
 *
 * Flags: --small N --large N --real N --small-real N (real ones before the small measurement)
 * --instances N (per round) --rounds N --requests N.
 * Starts embedded PostgreSQL and the Temporal dev server unless DATABASE_URL /
 * TEMPORAL_ADDRESS are set; works in a scratch database it drops.
 */
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities/index.js';
import { createRunServiceTask } from '../activities/run-service-task.js';
import { createApp } from '../api/app.js';
import { startInstance } from '../api/process-instances.js';
import { compileBpmn } from '../compiler/index.js';
import { applyExecutionModes } from '../deployments/execution-modes.js';
import { deployShippedProcesses } from '../deployments/deploy-shipped.js';
import { quietBundlerLogger } from '../worker/create-worker.js';
import type { Pool } from '../stores/db.js';
import { findDefinition, saveDeployment, type ProcessDefinition } from '../stores/bpm/definitions.js';
import { createUser } from '../stores/bpm/identity.js';
import { amountOf, benchTypes, createBenchTable } from './bench-step.js';
import { fillCompletedInstances } from './growth-fill.js';
import { cpuSince, cpuTimes } from './process-cpu.js';
import { benchStack, scratchDatabase, type Cleanups } from './stack.js';

export interface GrowthOptions {
  small: number;
  large: number;
  /** Instances that really run through the engine before the large measurement (at least 10 000 for the record). */
  real: number;
  /** Of those, the ones run before the small measurement (default: min(real, small)); the rest of the small level is SQL. */
  smallReal?: number;
  /** Instances per throughput round, and rounds per level. */
  instances: number;
  rounds: number;
  concurrency: number;
  /** Timed requests per endpoint per level (after 10 % as many untimed). */
  requests: number;
  resultFile: string | URL | undefined;
  log(line: string): void;
}

export const defaultGrowthOptions: GrowthOptions = {
  small: 1000,
  large: 100_000,
  real: 10_000,
  instances: 200,
  rounds: 3,
  concurrency: 20,
  requests: 300,
  resultFile: new URL('./results/growth.json', import.meta.url),
  log: (line) => console.log(`[growth] ${line}`),
};

interface Latency {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  rows: number;
}

export interface LevelResult {
  /** Ended instances in bpm.process_instances when measured. */
  endedInStores: number;
  /** Of those, really run through the engine (and completed in Temporal). */
  realCompleted: number;
  instancesPerSecond: { median: number; rounds: number[] };
  cpuMsPerInstance: { bench: number; temporal: number; postgres: number; total: number };
  api: Record<string, Latency>;
  loadAverage: number[];
}

const workerSettings = { maxConcurrentActivityTaskExecutions: 100, maxConcurrentWorkflowTaskExecutions: 40, maxCachedWorkflows: 1000 };
const load = () => loadavg().map((value) => Number(value.toFixed(2)));
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export async function runGrowth(partial: Partial<GrowthOptions> = {}) {
  const options = { ...defaultGrowthOptions, ...partial };
  const { log } = options;
  if (options.real > options.large || options.small > options.large) throw new Error('growth: --small and --real must not exceed --large');
  const cleanups: Cleanups = [];
  try {
    const { databaseUrl, temporalAddress } = await benchStack(cleanups, log);
    const pool = await scratchDatabase(databaseUrl, 'bench_growth', cleanups);
    await createBenchTable(pool);
    await deployShippedProcesses(pool);
    const definition = await deployStraightThrough(pool);

    const connection = await NativeConnection.connect({ address: temporalAddress });
    const temporal = new Client({ connection, namespace: 'default' });
    const taskQueue = `bench-growth-${process.pid}-${Date.now()}`;
    const worker = await Worker.create({
      connection,
      namespace: 'default',
      taskQueue,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)), logger: quietBundlerLogger }),
      activities: { ...createActivities({ pool }), runServiceTask: createRunServiceTask(pool, benchTypes) },
      ...workerSettings,
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
      await connection.close();
    });
    const app = createApp({ pool, temporal, taskQueue, health: { postgres: async () => 'up', temporal: async () => 'up' } });
    const manager = await login(app, pool, 'growth.manager', ['managers']);
    const clerk = await login(app, pool, 'growth.clerk', ['warehouse']);
    await openInbox(pool, 'growth.clerk');

    let real = 0;
    const realIds: string[] = [];
    /** Runs `count` instances through the engine, `concurrency` at a time; instances/s over the batch. */
    const runInstances = async (count: number) => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: Math.min(options.concurrency, count) }, async () => {
          while (next < count) {
            const i = next;
            next += 1;
            const { instanceId } = await startInstance({ pool, temporal, taskQueue }, definition, { businessKey: null, variables: { amount: amountOf(i) }, startedBy: 'growth.manager' });
            await resultOf(temporal, instanceId);
            if (realIds.length < 1000) realIds.push(instanceId);
          }
        }),
      );
      real += count;
      return count / ((performance.now() - started) / 1000);
    };
    const runReal = async (count: number) => {
      const began = performance.now();
      for (let done = 0; done < count; done += 1000) {
        await runInstances(Math.min(1000, count - done));
        log(`${real} real instances completed (${((performance.now() - began) / 1000).toFixed(0)} s)`);
      }
    };
    let filled = 0;
    const fillTo = async (target: number) => {
      const ended = await endedCount(pool);
      const count = target - ended;
      const began = performance.now();
      await fillCompletedInstances(pool, { from: filled, count, template: realIds[0]! });
      filled += Math.max(0, count);
      log(`filled ${Math.max(0, count)} ended instances by SQL: ${await endedCount(pool)} in the stores (${((performance.now() - began) / 1000).toFixed(1)} s)`);
    };

    const endpoints = (sampleIds: string[]): Record<string, () => string> => {
      const pick = () => sampleIds[Math.floor(Math.random() * sampleIds.length)]!;
      const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
      const until = new Date(Date.now() + 60_000).toISOString();
      return {
        'GET /api/process-instances': () => '/api/process-instances',
        'GET /api/process-instances?processKey&status=completed': () => `/api/process-instances?processKey=${definition.key}&status=completed`,
        'GET /api/process-instances/{id}': () => `/api/process-instances/${pick()}`,
        'GET /api/process-definitions/{key}/statistics': () => `/api/process-definitions/${definition.key}/statistics`,
        'GET /api/tasks?filter=mine (inbox)': () => '/api/tasks?filter=mine&state=open&sort=dueAt&limit=500',
        'GET /api/tasks?filter=group (inbox)': () => '/api/tasks?filter=group&state=open&sort=dueAt&limit=500',
        'GET /api/sla/summary (30 days)': () => `/api/sla/summary?from=${since}&to=${until}`,
        'GET /api/sla/owners (30 days)': () => `/api/sla/owners?from=${since}&to=${until}`,
        'GET /api/sla/breaches (30 days)': () => `/api/sla/breaches?from=${since}&to=${until}`,
        'GET /api/sla/breaches?open=true': () => '/api/sla/breaches?open=true',
      };
    };
    const measureApi = async (sampleIds: string[]) => {
      const results: Record<string, Latency> = {};
      for (const [name, path] of Object.entries(endpoints(sampleIds))) {
        const headers = name.includes('/api/tasks') ? clerk : manager;
        const timings: number[] = [];
        let rows = 0;
        const warmUp = Math.max(2, Math.round(options.requests / 10));
        for (let n = 0; n < warmUp + options.requests; n += 1) {
          const began = performance.now();
          const response = await app.request(path(), { headers });
          const body = (await response.json()) as unknown;
          const elapsed = performance.now() - began;
          if (response.status !== 200) throw new Error(`${name} answered ${response.status}: ${JSON.stringify(body)}`);
          if (n < warmUp) continue;
          timings.push(elapsed);
          rows += Array.isArray(body) ? body.length : 1;
        }
        timings.sort((a, b) => a - b);
        const at = (q: number) => round(timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!);
        results[name] = { p50Ms: at(0.5), p99Ms: at(0.99), meanMs: round(timings.reduce((a, b) => a + b, 0) / timings.length), rows: round(rows / timings.length, 1) };
        log(`  ${name}: p50 ${results[name].p50Ms} ms, p99 ${results[name].p99Ms} ms (${results[name].rows} rows)`);
      }
      return results;
    };
    const measure = async (label: string): Promise<LevelResult> => {
      const endedInStores = await endedCount(pool);
      log(`measuring with ${endedInStores} ended instances in the stores (${real} real), load ${load().join(' ')}`);
      const perSecond: number[] = [];
      const cpu = { bench: 0, temporal: 0, postgres: 0 };
      for (let r = 0; r < options.rounds; r += 1) {
        const before = cpuTimes();
        perSecond.push(await runInstances(options.instances));
        const spent = cpuSince(before);
        cpu.bench += spent.bench;
        cpu.temporal += spent.temporal;
        cpu.postgres += spent.postgres;
        log(`  ${label} round ${r + 1}/${options.rounds}: ${perSecond.at(-1)!.toFixed(1)} instances/s`);
      }
      const per = (ms: number) => round(ms / (options.rounds * options.instances), 1);
      const fillIds = (await pool.query<{ instance_id: string }>(`SELECT instance_id FROM bpm.process_instances WHERE status = 'completed' ORDER BY random() LIMIT 1000`)).rows.map((row) => row.instance_id);
      return {
        endedInStores,
        realCompleted: real - options.rounds * options.instances,
        instancesPerSecond: { median: round(median(perSecond), 1), rounds: perSecond.map((value) => round(value, 1)) },
        cpuMsPerInstance: { bench: per(cpu.bench), temporal: per(cpu.temporal), postgres: per(cpu.postgres), total: per(cpu.bench + cpu.temporal + cpu.postgres) },
        api: await measureApi(fillIds),
        loadAverage: load(),
      };
    };

    const loadAtStart = load();
    const firstReal = Math.min(options.smallReal ?? options.real, options.real, options.small);
    await runReal(firstReal);
    await fillTo(options.small);
    const small = await measure('small');
    await runReal(options.real - real);
    await fillTo(options.large);
    const large = await measure('large');

    const ratio = (a: number, b: number) => round(a / b, 3);
    const result = {
      benchmark: 'growth',
      diagram: 'bench/straight-through.bpmn through the engine (startInstance + runProcess), bench.step service tasks',
      options: { small: options.small, large: options.large, real: options.real, smallReal: firstReal, instances: options.instances, rounds: options.rounds, concurrency: options.concurrency, requests: options.requests },
      fill: 'bench/growth-fill.ts: ended instances by SQL (2/3 copies of a real straight-through summary with its history, 1/3 order-to-cash with a completed task, 1 in 30 of those late with a closed SLA breach, 1 in 200 cancelled, instance and incident events), started over 365 days',
      small,
      large,
      ratios: {
        /** large / small: 1 means no slower with 100x the history; the goal is at least 0.9. */
        instancesPerSecond: ratio(large.instancesPerSecond.median, small.instancesPerSecond.median),
        instancesPerSecondGoal: 0.9,
        /** small / large CPU per instance: the same ratio, steadier on a shared machine. */
        fromCpuPerInstance: ratio(small.cpuMsPerInstance.total, large.cpuMsPerInstance.total),
        apiP50: Object.fromEntries(Object.keys(small.api).map((name) => [name, ratio(large.api[name]!.p50Ms, small.api[name]!.p50Ms)])),
        apiP99: Object.fromEntries(Object.keys(small.api).map((name) => [name, ratio(large.api[name]!.p99Ms, small.api[name]!.p99Ms)])),
      },
      stack: { postgres: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded', temporal: process.env.TEMPORAL_ADDRESS ? 'TEMPORAL_ADDRESS' : 'dev server (in memory)' },
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, note: 'shared with other tenants: load averages (1, 5, 15 min) at start and per level' },
      loadAverage: { atStart: loadAtStart, atEnd: load() },
      measuredAt: new Date().toISOString(),
    };
    if (options.resultFile) {
      mkdirSync(dirname(typeof options.resultFile === 'string' ? options.resultFile : fileURLToPath(options.resultFile)), { recursive: true });
      writeFileSync(options.resultFile, `${JSON.stringify(result, null, 2)}\n`);
    }
    log(`instances/s: ${small.instancesPerSecond.median} with ${small.endedInStores} ended, ${large.instancesPerSecond.median} with ${large.endedInStores}: ratio ${result.ratios.instancesPerSecond} (goal >= 0.9; from CPU per instance ${result.ratios.fromCpuPerInstance})`);
    return result;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup:', error));
  }
}

/**
 * The workflow's result. The dev server (SQLite) on an overloaded machine sometimes answers
 * the long poll with UNAVAILABLE ("interrupted"): ask again rather than lose the run.
 */
async function resultOf(temporal: Client, instanceId: string): Promise<unknown> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await temporal.workflow.getHandle(instanceId).result();
    } catch (error) {
      const code = (error as { cause?: { code?: number } }).cause?.code;
      if (code !== 14 || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function endedCount(pool: Pool): Promise<number> {
  return (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bpm.process_instances WHERE status IN ('completed', 'cancelled')`)).rows[0]!.n;
}

/** Compiled and stored as a deployment would be; the definition startInstance takes. */
async function deployStraightThrough(pool: Pool): Promise<ProcessDefinition> {
  const xml = readFileSync(new URL('./straight-through.bpmn', import.meta.url), 'utf8');
  const compiled = await compileBpmn(xml);
  if (!compiled.ok) throw new Error(`straight-through.bpmn does not compile: ${JSON.stringify(compiled.errors)}`);
  applyExecutionModes(compiled.processes, benchTypes);
  const saved = await saveDeployment(pool, { name: 'straight-through.bpmn', xml, xmlSha256: createHash('sha256').update(xml).digest('hex'), deployedBy: 'bench', processes: compiled.processes });
  return (await findDefinition(pool, saved.processes[0]!.key))!;
}

async function login(app: ReturnType<typeof createApp>, pool: Pool, username: string, groups: string[]): Promise<Record<string, string>> {
  await createUser(pool, { username, name: username, password: 'growth-password-1', groups });
  const response = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'growth-password-1' }) });
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
}

/** The same open work at both levels: 100 tasks of the clerk's and 200 of the warehouse group's (offers by the tasks trigger). */
async function openInbox(pool: Pool, clerk: string): Promise<void> {
  await pool.query(
    `INSERT INTO bpm.tasks (id, instance_id, element_id, loop_counter, name, process_key, business_key, assignee, candidate_groups, due_at, priority, state, created_at)
     SELECT 'open-task-' || i, 'open-instance-' || i, 'Task_pickAndPack', 1, 'Pick and pack', 'order-to-cash', 'BK-open-' || i,
       CASE WHEN i < 100 THEN $1 END, ARRAY['warehouse'], now() + (i % 48) * interval '1 hour', i % 101, 'open', now() - (i % 60) * interval '1 minute'
     FROM generate_series(0, 299) AS i`,
    [clerk],
  );
  await pool.query('ANALYZE bpm.tasks');
}

function flag(args: string[], name: string): number | undefined {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number, got ${args[at + 1]}`);
  return value;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.TZ = 'UTC';
  Runtime.install({ logger: new DefaultLogger('WARN') }); // before the dev server, which creates the runtime
  const args = process.argv.slice(2);
  const given = Object.fromEntries(
    (['small', 'large', 'real', 'small-real', 'instances', 'rounds', 'requests'] as const).flatMap((name) => {
      const value = flag(args, name);
      return value === undefined ? [] : [[name === 'small-real' ? 'smallReal' : name, value]];
    }),
  );
  await runGrowth(given);
}
