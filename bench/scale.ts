/**
 * Instances per second on the production shape (local-stack/production.ts): Temporal's
 * own server on PostgreSQL, one API process, with 1 and then 2 worker processes. The
 * diagram is bench/scale.bpmn: start, 5 `notify.send` steps (each a real write to
 * bpm.notifications), an exclusive gateway, end. Cases are started through the API,
 * 20 at a time; the clock stops when the last one is completed in the store.
 * `npx tsx bench/scale.ts` (BENCH_INSTANCES, default 200); writes bench/results/scale.json.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProductionStack } from '../local-stack/production.js';
import { HARNESS_HISTORY_SHARDS, TEMPORAL_SERVER_VERSION } from '../local-stack/temporal-cluster.js';
import { createPool } from '../stores/db.js';

process.env.TZ = 'UTC';
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 200);
const CONCURRENCY = 20;
const adminPassword = 'scale-bench-password';
const xml = readFileSync(new URL('./scale.bpmn', import.meta.url), 'utf8');
const load = () => loadavg().map((value) => Number(value.toFixed(2)));

/**
 * CPU seconds used so far by each part of the stack, from /proc (clock ticks of 10 ms).
 * PostgreSQL is the postmaster and its backends; a backend that ended meanwhile is missed.
 */
function cpuByPart(parts: { api: number[]; worker: number[] }): Record<string, number> {
  const ticks = (pid: number) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]) };
    } catch {
      return undefined;
    }
  };
  const postmaster = Number(readFileSync(join(dataDir, 'pg', 'cluster', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const totals: Record<string, number> = { temporalServer: 0, postgres: ticks(postmaster)?.cpu ?? 0, api: 0, worker: 0 };
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid) continue;
    const stat = ticks(pid);
    if (!stat) continue;
    if (stat.ppid === postmaster) totals.postgres! += stat.cpu;
    else if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${join(dataDir, 'temporal')}\0`)) totals.temporalServer! += stat.cpu;
  }
  for (const role of ['api', 'worker'] as const) for (const pid of parts[role]) totals[role]! += ticks(pid)?.cpu ?? 0;
  return Object.fromEntries(Object.entries(totals).map(([part, value]) => [part, value / 100]));
}

const dataDir = await mkdtemp(join(tmpdir(), 'bpm-scale-'));
const stack = await startProductionStack({ dataDir, workers: 1, apis: 1, adminPassword });
const pool = createPool(stack.databaseUrl, 4);
try {
  const base = stack.apis[0]!.url!;
  const post = async (path: string, token: string | undefined, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const { token } = (await post('/api/auth/login', undefined, { username: 'admin', password: adminPassword })) as { token: string };
  await post('/api/deployments', token, { name: 'scale.bpmn', xml });

  const runs = [];
  for (const workers of [1, 2]) {
    while (stack.workers.length < workers) await stack.startWorker();
    const loadBefore = load();
    const pids = () => ({ api: stack.apis.map((api) => api.child.pid!), worker: stack.workers.map((worker) => worker.child.pid!) });
    const cpuBefore = cpuByPart(pids());
    const began = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < INSTANCES; i += CONCURRENCY) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, INSTANCES - i) }, (_, k) => post('/api/process-instances', token, { processKey: 'scale_straight_through', variables: { caseNo: i + k, amount: 500 } })),
      );
      ids.push(...batch.map((started) => started.instanceId as string));
    }
    const startedIn = (Date.now() - began) / 1000;
    for (;;) {
      const { rows } = await pool.query<{ done: number }>(`SELECT count(*)::int AS done FROM bpm.process_instances WHERE instance_id = ANY($1) AND status = 'completed'`, [ids]);
      if (rows[0]!.done === ids.length) break;
      if (Date.now() - began > 600_000) throw new Error(`only ${rows[0]!.done} of ${ids.length} completed in 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const seconds = (Date.now() - began) / 1000;
    const cpuAfter = cpuByPart(pids());
    const cpuSecondsPerInstance = Object.fromEntries(Object.keys(cpuAfter).map((part) => [part, Number((((cpuAfter[part] ?? 0) - (cpuBefore[part] ?? 0)) / INSTANCES * 1000).toFixed(1))]));
    const run = { workers, instances: INSTANCES, seconds: Number(seconds.toFixed(1)), instancesPerSecond: Number((INSTANCES / seconds).toFixed(2)), startedInSeconds: Number(startedIn.toFixed(1)), cpuMsPerInstance: cpuSecondsPerInstance, loadBefore, loadAfter: load() };
    console.log(`[scale] ${workers} worker process(es): ${INSTANCES} instances in ${run.seconds} s = ${run.instancesPerSecond}/s (load ${run.loadBefore.join(' ')} -> ${run.loadAfter.join(' ')}); CPU ms per instance ${JSON.stringify(run.cpuMsPerInstance)}`);
    runs.push(run);
  }
  const result = {
    measuredAt: new Date().toISOString(),
    machine: '2 cores, shared with other tenants; load averages (1, 5, 15 min) recorded per run',
    stack: `Temporal server ${TEMPORAL_SERVER_VERSION} on embedded PostgreSQL 18, ${HARNESS_HISTORY_SHARDS} history shards, 1 API process, worker processes as listed`,
    diagram: 'bench/scale.bpmn: start, 5 notify.send service tasks, exclusive gateway, end',
    runs,
  };
  writeFileSync(new URL('./results/scale.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await pool.end();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
