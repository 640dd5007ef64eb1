/**
 * Instances per second of the straight-through diagram (DESIGN.md "Performance targets"):
 * the engine (`runProcess` interpreting the compiled model) against the same steps written
 * by hand as a Temporal workflow, on the same server with the same worker, and against
 * bpmn-engine in memory. Every variant runs the same `bench.step` service task (one small
 * idempotent INSERT), interleaved over a few rounds; medians and ratios are reported, with
 * where an instance's time and CPU go.
 *
 * Run: npx tsx bench/throughput.ts [instances] [concurrency] [rounds] [--experiments] [--stack production]
 * (--experiments adds hand-written variants: cheaper engine bookkeeping, a bundle of its own.)
 * Starts embedded PostgreSQL and the Temporal dev server unless DATABASE_URL /
 * TEMPORAL_ADDRESS are set, works in a scratch database it drops, and writes
 * bench/results/throughput.json (with --experiments, throughput-experiments.json).
 * With `--stack production`: Temporal's own server on PostgreSQL with fsync
 * (bench/production-stack.ts), written to throughput-production.json. With `java` and `mvn`
 * on PATH, Operaton runs beside the others (bench/operaton-variant.ts).
 */
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../activities/index.js';
import { createRunServiceTask } from '../activities/run-service-task.js';
import { startInstance } from '../api/process-instances.js';
import { compileBpmn } from '../compiler/index.js';
import { applyExecutionModes, type ExecutionModeSource } from '../deployments/execution-modes.js';
import { preloadModules, quietBundlerLogger } from '../worker/create-worker.js';
import type { Pool } from '../stores/db.js';
import { findDefinition, saveDeployment, type ProcessDefinition } from '../stores/bpm/definitions.js';
import { insertInstance } from '../stores/bpm/instances.js';
import type { ProcessStart } from '../workflows/process-start.js';
import { amountOf, BENCH_STEP, benchTypes, createBenchTable } from './bench-step.js';
import { operatonVariants } from './operaton-variant.js';
import { productionBenchStack } from './production-stack.js';
import { benchStack, scratchDatabase, type Cleanups } from './stack.js';
import { bpmnEngineRunner } from './bpmn-engine-variant.js';
import { handwrittenStraightThrough, handwrittenWithBookkeeping, type Bookkeeping } from './handwritten-workflow.js';
import { HISTORY_PROFILE_SAMPLE, profileHistories, type HistoryProfile } from './history-profile.js';
import { cpuSince, cpuTimes, type CpuTimes } from './process-cpu.js';

const args = process.argv.slice(2);
// `--stack production` or `--stack=production`: the production-shape stack instead of the dev server.
const stackArg = args.find((arg) => arg.startsWith('--stack='))?.slice('--stack='.length) ?? (args.includes('--stack') ? args[args.indexOf('--stack') + 1] : 'dev');
if (stackArg !== 'dev' && stackArg !== 'production') throw new Error(`--stack must be dev or production, got ${String(stackArg)}`);
const production = stackArg === 'production';
const [instances = 200, concurrency = 20, rounds = 3] = args.filter((arg, k) => !arg.startsWith('--') && args[k - 1] !== '--stack').map(Number);
const experiments = args.includes('--experiments');
const warmUpInstances = 40;
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
const taskQueue = `bench-throughput-${process.pid}-${Date.now()}`;
// One worker runs every Temporal variant: these are the "same worker settings".
const workerSettings = { maxConcurrentActivityTaskExecutions: 100, maxConcurrentWorkflowTaskExecutions: 40, maxCachedWorkflows: 1000 };

interface Variant {
  id: string;
  label: string;
  /** A Temporal workflow: its histories are profiled. */
  temporal: boolean;
  /** Runs bench.step's INSERT five times per instance. */
  io: boolean;
  /** Ends with a completed row in bpm.process_instances. */
  summary: boolean;
  /** Runs instance `i` to its end; resolves with its id. */
  run(i: number): Promise<string>;
  /** A peer that runs a whole batch in a process of its own (Operaton), instead of `run` per instance. */
  batch?(count: number, concurrency: number): Promise<{ perSecond: number; ids: string[] }>;
  /** Its step rows are in a database of its own, checked by its own check. */
  ownDatabase?: boolean;
}

interface Measured {
  perSecond: number[];
  cpu: CpuTimes;
  lastRound: string[];
}

const cleanups: Cleanups = [];
const log = (line: string) => console.log(line);
const loadAtStart = loadavg().map((value) => Number(value.toFixed(2)));

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // before the dev server, which creates the runtime
  const { databaseUrl, temporalAddress } = production ? await productionBenchStack(cleanups, log) : await benchStack(cleanups, log);
  const pool = await benchDatabase(databaseUrl);
  const xml = readFileSync(new URL('./straight-through.bpmn', import.meta.url), 'utf8');
  const definition = await deploy(pool, xml);

  const runServiceTask = createRunServiceTask(pool, benchTypes);
  const workerConnection = await NativeConnection.connect({ address: temporalAddress });
  // The client shares the worker's NativeConnection, as `npm start` can: eager workflow start for every Temporal variant.
  const temporal = new Client({ connection: workerConnection, namespace });
  const localDefinition = await deploy(pool, xml.replaceAll('straight_through', 'straight_through_local'), new Map([[BENCH_STEP, { execution: 'local' as const }]]));
  const worker = await Worker.create({
    connection: workerConnection,
    namespace,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)), preloadModules, logger: quietBundlerLogger }),
    activities: { ...createActivities({ pool }), runServiceTask },
    ...workerSettings,
  });
  const workers = [worker];
  const running = [worker.run()];
  cleanups.push(async () => {
    for (const each of workers) each.shutdown();
    await Promise.all(running);
    await workerConnection.close();
  });
  // Experiment: the hand-written workflow in a bundle of its own (the shared bundle makes every new
  // workflow evaluate the engine's modules, FEEL parser included), same settings, own task queue.
  const ownBundleQueue = `${taskQueue}-own-bundle`;
  if (experiments) {
    const own = await Worker.create({
      connection: workerConnection,
      namespace,
      taskQueue: ownBundleQueue,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./handwritten-workflow.ts', import.meta.url)), logger: quietBundlerLogger }),
      activities: { ...createActivities({ pool }), runServiceTask },
      ...workerSettings,
    });
    workers.push(own);
    running.push(own.run());
  }

  const engine = await bpmnEngineRunner(xml, (instanceId, elementId, variables) =>
    runServiceTask({ instanceId, elementId, loopCounter: 1, taskType: BENCH_STEP, variables, headers: {} }),
  );
  const engineNoIo = await bpmnEngineRunner(xml, (_instanceId, elementId) => new Promise((resolve) => setImmediate(() => resolve(elementId))));

  /** startInstance's steps (summary row, the model as the argument) for a hand-written workflow. */
  const withBookkeeping = async (i: number, bookkeeping: Bookkeeping) => {
    const instanceId = randomUUID();
    const start: ProcessStart = { processKey: definition.key, version: definition.version, businessKey: null, model: definition.model, variables: { amount: amountOf(i) }, startEventId: null };
    await insertInstance(pool, { ...start, instanceId, startedBy: 'bench' });
    await temporal.workflow.execute(handwrittenWithBookkeeping, { workflowId: instanceId, taskQueue, args: [start, bookkeeping], requestEagerStart: true });
    return instanceId;
  };
  const inMemory = async (runner: typeof engine, i: number) => {
    const instanceId = randomUUID();
    await runner.run(instanceId, { amount: amountOf(i) });
    return instanceId;
  };
  const variants: Variant[] = [
    {
      id: 'engine',
      label: 'engine (runProcess + compiled model)',
      temporal: true,
      io: true,
      summary: true,
      async run(i) {
        const started = await startInstance({ pool, temporal, taskQueue }, definition, { businessKey: null, variables: { amount: amountOf(i) }, startedBy: 'bench' });
        await temporal.workflow.getHandle(started.instanceId).result();
        return started.instanceId;
      },
    },
    {
      id: 'engineLocal',
      label: 'engine, steps as local activities',
      temporal: true,
      io: true,
      summary: true,
      async run(i) {
        const started = await startInstance({ pool, temporal, taskQueue }, localDefinition, { businessKey: null, variables: { amount: amountOf(i) }, startedBy: 'bench' });
        await temporal.workflow.getHandle(started.instanceId).result();
        return started.instanceId;
      },
    },
    {
      id: 'handwritten',
      label: 'hand-written Temporal workflow',
      temporal: true,
      io: true,
      summary: false,
      async run(i) {
        const workflowId = randomUUID();
        await temporal.workflow.execute(handwrittenStraightThrough, { workflowId, taskQueue, args: [{ variables: { amount: amountOf(i) } }], requestEagerStart: true });
        return workflowId;
      },
    },
    {
      id: 'handwrittenBookkeeping',
      label: 'hand-written + engine bookkeeping',
      temporal: true,
      io: true,
      summary: true,
      run: (i) => withBookkeeping(i, { initialSummary: true, localActivities: false }),
    },
    ...(experiments
      ? [
          {
            id: 'handwrittenOwnBundle',
            label: 'hand-written, bundle of its own',
            temporal: true,
            io: true,
            summary: false,
            async run(i: number) {
              const workflowId = randomUUID();
              await temporal.workflow.execute(handwrittenStraightThrough, { workflowId, taskQueue: ownBundleQueue, args: [{ variables: { amount: amountOf(i) } }] });
              return workflowId;
            },
          },
          {
            id: 'finalSummaryOnly',
            label: 'hand-written + final summary only',
            temporal: true,
            io: true,
            summary: true,
            run: (i: number) => withBookkeeping(i, { initialSummary: false, localActivities: false }),
          },
          {
            id: 'localSummaries',
            label: 'hand-written + 2 local-activity summaries',
            temporal: true,
            io: true,
            summary: true,
            run: (i: number) => withBookkeeping(i, { initialSummary: true, localActivities: true }),
          },
          {
            id: 'finalLocalSummary',
            label: 'hand-written + final local summary only',
            temporal: true,
            io: true,
            summary: true,
            run: (i: number) => withBookkeeping(i, { initialSummary: false, localActivities: true }),
          },
        ]
      : []),
    { id: 'bpmnEngine', label: 'bpmn-engine (in memory), same step', temporal: false, io: true, summary: false, run: (i) => inMemory(engine, i) },
    { id: 'bpmnEngineNoIo', label: 'bpmn-engine (in memory), no-op step', temporal: false, io: false, summary: false, run: (i) => inMemory(engineNoIo, i) },
  ];
  const operaton = await operatonVariants(databaseUrl, cleanups, log);
  variants.push(...operaton.variants);

  // The variants take the same branches: amountOf(0..2) = 50, 500, 5000.
  for (const [i, flow, route] of [[0, 'Flow_low', 'low'], [1, 'Flow_medium', 'medium'], [2, 'Flow_high', 'high']] as const) {
    const taken = await engine.run(randomUUID(), { amount: amountOf(i) }, true);
    const handwritten = await temporal.workflow.execute(handwrittenStraightThrough, { workflowId: randomUUID(), taskQueue, args: [{ variables: { amount: amountOf(i) } }] });
    if (taken.at(-1) !== flow || handwritten.route !== route) throw new Error(`amount ${amountOf(i)}: bpmn-engine took ${taken.join(',')}, hand-written ${String(handwritten.route)}`);
  }

  log(`warm-up: ${warmUpInstances} instances of each variant`);
  for (const variant of variants) await batch(variant, warmUpInstances);

  const measured = new Map<string, Measured>(variants.map((variant) => [variant.id, { perSecond: [], cpu: { bench: 0, temporal: 0, postgres: 0, other: 0 }, lastRound: [] }]));
  for (let round = 0; round < rounds; round += 1) {
    // Interleaved, each round in another order, so that drift and noise spread over every variant.
    const order = variants.map((_, k) => variants[(k + round) % variants.length]!);
    for (const variant of order) {
      const before = cpuTimes();
      const { perSecond, ids } = await batch(variant, instances);
      const cpu = cpuSince(before);
      const m = measured.get(variant.id)!;
      m.perSecond.push(perSecond);
      m.lastRound = ids;
      for (const key of Object.keys(cpu) as Array<keyof CpuTimes>) m.cpu[key] += cpu[key];
      log(`round ${round + 1}/${rounds}: ${variant.label}: ${perSecond.toFixed(1)} instances/s`);
    }
  }
  await checkWork(pool, variants, warmUpInstances + rounds * instances);
  log(await operaton.check(warmUpInstances + rounds * instances));

  // Steady-state instances from the middle of the last round.
  const sample = (ids: string[]) => ids.slice(Math.max(0, Math.floor(ids.length / 2) - HISTORY_PROFILE_SAMPLE / 2)).slice(0, HISTORY_PROFILE_SAMPLE);
  const profile: Record<string, HistoryProfile> = {};
  for (const variant of variants) if (variant.temporal) profile[variant.id] = await profileHistories(temporal, sample(measured.get(variant.id)!.lastRound));

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const perSecond = (id: string) => Number(median(measured.get(id)!.perSecond).toFixed(1));
  const ratio = (a: string, b: string) => Number((perSecond(a) / perSecond(b)).toFixed(3));
  const cpuPerInstance = (id: string) => {
    const { cpu } = measured.get(id)!;
    const per = (value: number) => Number((value / (rounds * instances)).toFixed(1));
    return { bench: per(cpu.bench), temporal: per(cpu.temporal), postgres: per(cpu.postgres), other: per(cpu.other), total: per(cpu.bench + cpu.temporal + cpu.postgres + cpu.other) };
  };
  const cpuRatio = (a: string, b: string) => Number((cpuPerInstance(a).total / cpuPerInstance(b).total).toFixed(3));
  const result = {
    benchmark: 'throughput',
    diagram: 'bench/straight-through.bpmn: start, 5 service tasks (bench.step), exclusive gateway (2 conditions + default), end',
    step: 'bench.step: one INSERT ... ON CONFLICT DO NOTHING into bench.steps (every variant but bpmnEngineNoIo)',
    instances,
    concurrency,
    rounds,
    warmUpInstances,
    workerSettings,
    instancesPerSecond: Object.fromEntries(
      variants.map((variant) => [variant.id, { label: variant.label, median: perSecond(variant.id), rounds: measured.get(variant.id)!.perSecond.map((value) => Number(value.toFixed(1))) }]),
    ),
    ratios: {
      engineToHandwritten: ratio('engine', 'handwritten'),
      engineToHandwrittenTarget: 0.9,
      engineLocalToHandwritten: ratio('engineLocal', 'handwritten'),
      bpmnEngineFasterThanEngineLocalBy: ratio('bpmnEngine', 'engineLocal'),
      engineToBpmnEngine: ratio('engine', 'bpmnEngine'),
      bpmnEngineFasterBy: ratio('bpmnEngine', 'engine'),
      bpmnEngineFasterByGoal: 3,
      bpmnEngineNoIoFasterBy: ratio('bpmnEngineNoIo', 'engine'),
      // The gap split: bookkeeping (summaries, model argument) and the interpreter itself.
      handwrittenBookkeepingToHandwritten: ratio('handwrittenBookkeeping', 'handwritten'),
      engineToHandwrittenBookkeeping: ratio('engine', 'handwrittenBookkeeping'),
      ...Object.fromEntries(variants.filter((variant) => !['engine', 'engineLocal', 'handwritten', 'handwrittenBookkeeping'].includes(variant.id) && variant.temporal).map((variant) => [`${variant.id}ToHandwritten`, ratio(variant.id, 'handwritten')])),
      // The issue's goal: engine in local-activity mode faster than Operaton with durable jobs (> 1).
      ...(operaton.variants.length
        ? { engineLocalToOperatonAsync: ratio('engineLocal', 'operatonAsync'), engineToOperatonAsync: ratio('engine', 'operatonAsync'), engineLocalToOperatonSync: ratio('engineLocal', 'operatonSync') }
        : {}),
    },
    /**
     * The same ratios from CPU per instance (everything CPU-bound on 2 cores: throughput goes as
     * 1 / CPU per instance), steadier than wall-clock rates when other processes share the machine.
     */
    cpuRatios: {
      engineToHandwritten: cpuRatio('handwritten', 'engine'),
      engineToBpmnEngine: cpuRatio('bpmnEngine', 'engine'),
      engineLocalToBpmnEngine: cpuRatio('bpmnEngine', 'engineLocal'),
      handwrittenToBpmnEngine: cpuRatio('bpmnEngine', 'handwritten'),
      ...Object.fromEntries(variants.filter((variant) => !['engine', 'handwritten'].includes(variant.id) && variant.temporal).map((variant) => [`${variant.id}ToHandwritten`, cpuRatio('handwritten', variant.id)])),
      ...(operaton.variants.length ? { engineLocalToOperatonAsync: cpuRatio('operatonAsync', 'engineLocal'), engineToOperatonAsync: cpuRatio('operatonAsync', 'engine') } : {}),
    },
    /** CPU milliseconds per instance, by process (the servers only when this benchmark started them). */
    cpuMsPerInstance: Object.fromEntries(variants.map((variant) => [variant.id, cpuPerInstance(variant.id)])),
    profile,
    /**
     * Operaton (bench/peers/operaton): its own database on the same PostgreSQL server. Its JVM is
     * in cpuMsPerInstance's `other` (with whatever else idles then); jvmCpuMsPerInstance is the JVM's own measure.
     */
    operaton: operaton.skipped
      ? { skipped: operaton.skipped }
      : { settings: operaton.settings, jvmCpuMsPerInstance: Object.fromEntries([...operaton.jvmCpuMs].map(([id, ms]) => [id, Number((ms / (rounds * instances)).toFixed(1))])) },
    stack: production
      ? { postgres: 'embedded, fsync on', temporal: 'Temporal server 1.29.1 on that PostgreSQL (local-stack/production.ts); the worker in this process' }
      : { postgres: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded', temporal: process.env.TEMPORAL_ADDRESS ? 'TEMPORAL_ADDRESS' : 'dev server (in memory)' },
    loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((value) => Number(value.toFixed(2))) },
    node: process.version,
    cpus: cpus().length,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${experiments ? 'throughput-experiments' : production ? 'throughput-production' : 'throughput'}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);

  const pad = (text: string | number, width: number) => String(text).padEnd(width);
  log(`\n${instances} instances x ${rounds} rounds, ${concurrency} in flight, ${cpus().length} cpus, node ${process.version}, load ${result.loadAverage.atStart[0]} -> ${result.loadAverage.atEnd[0]}`);
  log(`${pad('variant', 44)}${pad('instances/s by round', 22)}${pad('median', 8)}CPU ms/instance: bench + temporal + postgres = total`);
  for (const variant of variants) {
    const cpu = result.cpuMsPerInstance[variant.id]!;
    const rates = measured.get(variant.id)!.perSecond.map((value) => value.toFixed(1)).join(' ');
    log(`${pad(variant.label, 44)}${pad(rates, 22)}${pad(perSecond(variant.id), 8)}${cpu.bench} + ${cpu.temporal} + ${cpu.postgres} = ${cpu.total}`);
  }
  const { ratios } = result;
  log(`engine / hand-written: ${ratios.engineToHandwritten} (target >= 0.9); from CPU per instance ${result.cpuRatios.engineToHandwritten}`);
  log(`engine with local-activity steps / hand-written: ${ratios.engineLocalToHandwritten}; bpmn-engine faster than it by ${ratios.bpmnEngineFasterThanEngineLocalBy}x (goal < 3x), from CPU ${(1 / result.cpuRatios.engineLocalToBpmnEngine).toFixed(2)}x`);
  log(`bpmn-engine faster than the engine by ${ratios.bpmnEngineFasterBy}x (goal < 3x), from CPU ${(1 / result.cpuRatios.engineToBpmnEngine).toFixed(2)}x; with a no-op step ${ratios.bpmnEngineNoIoFasterBy}x`);
  log(`hand-written + bookkeeping / hand-written: ${ratios.handwrittenBookkeepingToHandwritten}; engine / hand-written + bookkeeping: ${ratios.engineToHandwrittenBookkeeping}`);
  if (operaton.variants.length) log(`engine with local-activity steps / Operaton with asyncBefore jobs: ${String(result.ratios.engineLocalToOperatonAsync)} (goal > 1), from CPU ${String(result.cpuRatios.engineLocalToOperatonAsync)}`);
  log(`\nper instance, mean of ${HISTORY_PROFILE_SAMPLE} from the last round; ms of workflow tasks and activities: queued + running`);
  log(`  ${pad('variant', 24)}${pad('activities', 46)}${pad('WFTs', 6)}${pad('events', 8)}${pad('bytes', 8)}${pad('ms', 7)}${pad('WFT', 12)}activities`);
  const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
  for (const [id, p] of Object.entries(profile)) {
    const activities = Object.entries(p.activities).map(([type, count]) => `${count} ${type}`).join(' + ');
    log(
      `  ${pad(id, 24)}${pad(activities, 46)}${pad(p.workflowTasks, 6)}${pad(p.historyEvents, 8)}${pad(p.historyBytes.toFixed(0), 8)}${pad(p.ms.total.toFixed(0), 7)}` +
        `${pad(`${p.ms.workflowTaskQueued.toFixed(0)} + ${p.ms.workflowTaskRunning.toFixed(0)}`, 12)}${sum(p.ms.activityQueued).toFixed(0)} + ${sum(p.ms.activityRunning).toFixed(0)}`,
    );
  }
}

/** Runs `count` instances, at most `concurrency` at a time; wall time to the last completion. */
async function batch(variant: Variant, count: number): Promise<{ perSecond: number; ids: string[] }> {
  if (variant.batch) return variant.batch(count, concurrency);
  const ids: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        ids.push(await variant.run(i));
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), ids };
}

/** Every instance did its five steps, and every instance with a summary ended completed. */
async function checkWork(pool: Pool, variants: Variant[], perVariant: number): Promise<void> {
  const steps = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bench.steps')).rows[0]!.n;
  const completed = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bpm.process_instances WHERE status = 'completed' AND ended_at IS NOT NULL`)).rows[0]!.n;
  // Plus the branch check: three bpmn-engine and three hand-written instances.
  const expectedSteps = 5 * perVariant * variants.filter((variant) => variant.io && !variant.ownDatabase).length + 5 * 3 * 2;
  const expectedCompleted = perVariant * variants.filter((variant) => variant.summary).length;
  if (steps !== expectedSteps || completed !== expectedCompleted) {
    throw new Error(`work check: ${steps} step rows (expected ${expectedSteps}), ${completed} completed summaries (expected ${expectedCompleted})`);
  }
  log(`check: ${steps} step rows, ${completed} completed instance summaries`);
}

/** A database of its own: the product's migrations, plus the bench table beside them. */
async function benchDatabase(databaseUrl: string): Promise<Pool> {
  const pool = await scratchDatabase(databaseUrl, 'bench_throughput', cleanups);
  await createBenchTable(pool);
  return pool;
}

/** Compiled and stored as a deployment would be (execution modes from `registry`); the definition startInstance takes. */
async function deploy(pool: Pool, xml: string, registry: ExecutionModeSource = benchTypes): Promise<ProcessDefinition> {
  const compiled = await compileBpmn(xml);
  if (!compiled.ok) throw new Error(`straight-through.bpmn does not compile: ${JSON.stringify(compiled.errors)}`);
  applyExecutionModes(compiled.processes, registry);
  const xmlSha256 = createHash('sha256').update(xml).digest('hex');
  const saved = await saveDeployment(pool, { name: 'straight-through.bpmn', xml, xmlSha256, deployedBy: 'bench', processes: compiled.processes });
  return (await findDefinition(pool, saved.processes[0]!.key))!;
}


try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup:', error));
}
