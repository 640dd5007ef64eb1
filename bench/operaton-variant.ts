/**
 * Operaton (the open Camunda 7 fork) as a peer variant of bench/throughput.ts: the Maven
 * harness in bench/peers/operaton/ (the straight-through diagram in the Camunda 7 dialect,
 * a JavaDelegate doing bench.step's INSERT, the job executor on) runs as one JVM on the
 * benchmark's PostgreSQL, in a database of its own, and answers one batch at a time so that
 * its batches interleave with the other variants'. Skipped, with the reason, when `java` or
 * `mvn` is missing or the build fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { emptyScratchDatabase, type Cleanups } from './stack.js';

const harness = fileURLToPath(new URL('./peers/operaton/', import.meta.url));
const classpathFile = `${harness}target/classpath.txt`;
const jar = `${harness}target/operaton-peer-1.jar`;

/** `async`: every service task asyncBefore (each step a committed job); `sync`: one transaction per instance. */
export type OperatonProcess = 'async' | 'sync';

export interface OperatonBatch {
  perSecond: number;
  /** CPU of the JVM over the batch (its own measure, ms). */
  jvmCpuMs: number;
}

export interface OperatonPeer {
  settings: Record<string, unknown>;
  batch(process: OperatonProcess, count: number, concurrency: number): Promise<OperatonBatch>;
  check(): Promise<{ steps: number; completed: number; running: number; incidents: number }>;
}

/** Builds the harness (offline when ~/.m2 has the artifacts, else online once); the reason when it cannot. */
export function buildOperatonHarness(log: (line: string) => void): { ok: true } | { ok: false; reason: string } {
  for (const tool of ['java', 'mvn']) {
    if (spawnSync(tool, ['-version'], { stdio: 'ignore' }).error) return { ok: false, reason: `${tool} is not on PATH` };
  }
  const mvn = (offline: boolean) => spawnSync('mvn', ['-q', '-B', ...(offline ? ['-o'] : []), 'package'], { cwd: harness, encoding: 'utf8' });
  let built = mvn(true);
  if (built.status !== 0) {
    log('operaton: offline Maven build failed, resolving the artifacts online once');
    built = mvn(false);
  }
  if (built.status !== 0 || !existsSync(classpathFile) || !existsSync(jar)) {
    return { ok: false, reason: `mvn package in bench/peers/operaton failed: ${`${built.stdout}${built.stderr}`.trim().split('\n').slice(-5).join(' | ')}` };
  }
  return { ok: true };
}

/** Starts the harness on a fresh database `bench_operaton_*` of the server at `databaseUrl` (both gone at cleanup). */
export async function startOperatonPeer(databaseUrl: string, cleanups: Cleanups, log: (line: string) => void): Promise<OperatonPeer> {
  // A database of its own (Operaton creates its schema there), on the same server.
  const url = await emptyScratchDatabase(databaseUrl, 'bench_operaton', cleanups);
  const env = {
    ...process.env,
    BENCH_JDBC_URL: `jdbc:postgresql://${url.hostname}:${url.port || 5432}${url.pathname}`,
    BENCH_JDBC_USER: decodeURIComponent(url.username),
    BENCH_JDBC_PASSWORD: decodeURIComponent(url.password),
  };
  const classpath = `${jar}:${readFileSync(classpathFile, 'utf8').trim()}`;
  const child = spawn('java', ['-cp', classpath, 'bench.operaton.Main', '--serve'], { cwd: harness, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-10_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin!.end('quit\n');
      const killing = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killing);
    }
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const answer = async (command?: string): Promise<Record<string, unknown>> => {
    if (command) child.stdin!.write(`${command}\n`);
    const next = await lines.next();
    if (next.done) throw new Error(`the Operaton harness ended${command ? ` on "${command}"` : ' before it was ready'}: ${stderr.trim().split('\n').slice(-10).join('\n')}`);
    const parsed = JSON.parse(next.value) as Record<string, unknown>;
    if (typeof parsed.error === 'string') throw new Error(`Operaton harness, "${command}": ${parsed.error}`);
    return parsed;
  };
  const ready = await answer();
  log(`operaton: engine up (${JSON.stringify(ready.settings)})`);
  return {
    settings: ready.settings as Record<string, unknown>,
    async batch(process, count, concurrency) {
      const done = await answer(`batch ${process} ${count} ${concurrency}`);
      return { perSecond: Number(done.perSecond), jvmCpuMs: Number(done.cpuMs) };
    },
    check: async () => (await answer('check')) as unknown as Awaited<ReturnType<OperatonPeer['check']>>,
  };
}


/** What bench/throughput.ts needs of a variant that runs whole batches elsewhere. */
export interface PeerVariant {
  id: string;
  label: string;
  temporal: false;
  io: true;
  summary: false;
  /** Its steps and ends are checked in its own database (`checkPeers`), not the benchmark's. */
  ownDatabase: true;
  run(i: number): Promise<string>;
  batch(count: number, concurrency: number): Promise<{ perSecond: number; ids: string[] }>;
}

export interface OperatonVariants {
  variants: PeerVariant[];
  /** Why there are none (no java / mvn, the build failed, the engine did not start). */
  skipped?: string;
  settings?: Record<string, unknown>;
  /** JVM CPU (its own measure) summed per variant id over the measured batches (the first, the warm-up, left out). */
  jvmCpuMs: Map<string, number>;
  /** Every instance ended with five step rows; throws otherwise. */
  check(perVariant: number): Promise<string>;
}

/** The two Operaton variants (durable jobs, and one transaction per instance), or none and why. */
export async function operatonVariants(databaseUrl: string, cleanups: Cleanups, log: (line: string) => void): Promise<OperatonVariants> {
  const jvmCpuMs = new Map<string, number>();
  const warmedUp = new Set<string>();
  const none = (skipped: string): OperatonVariants => {
    log(`operaton: skipped (${skipped})`);
    return { variants: [], skipped, jvmCpuMs, check: async () => 'skipped' };
  };
  const built = buildOperatonHarness(log);
  if (!built.ok) return none(built.reason);
  let peer: OperatonPeer;
  try {
    peer = await startOperatonPeer(databaseUrl, cleanups, log);
  } catch (error) {
    return none((error as Error).message);
  }
  const variant = (id: string, label: string, process: OperatonProcess): PeerVariant => ({
    id,
    label,
    temporal: false,
    io: true,
    summary: false,
    ownDatabase: true,
    run: () => Promise.reject(new Error(`${id} runs whole batches only`)),
    async batch(count, concurrency) {
      const { perSecond, jvmCpuMs: cpu } = await peer.batch(process, count, concurrency);
      // throughput.ts's first batch of a variant is its warm-up (JIT compilation included): not counted.
      if (warmedUp.has(id)) jvmCpuMs.set(id, (jvmCpuMs.get(id) ?? 0) + cpu);
      warmedUp.add(id);
      return { perSecond, ids: [] };
    },
  });
  const variants = [variant('operatonAsync', 'Operaton, every step an asyncBefore job', 'async'), variant('operatonSync', 'Operaton, synchronous (1 tx per instance)', 'sync')];
  return {
    variants,
    settings: peer.settings,
    jvmCpuMs,
    async check(perVariant) {
      const found = await peer.check();
      const instances = perVariant * variants.length;
      if (found.steps !== 5 * instances || found.completed !== instances || found.running !== 0 || found.incidents !== 0) {
        throw new Error(`operaton check: ${JSON.stringify(found)} (expected ${5 * instances} step rows, ${instances} completed, none running, no incidents)`);
      }
      return `operaton: ${found.steps} step rows, ${found.completed} completed instances, none running, no incidents`;
    },
  };
}
