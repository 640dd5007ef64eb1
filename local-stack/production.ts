/**
 * The production shape on one machine (`npm run stack:production`, and the fault tests):
 * embedded PostgreSQL (the compose file's `postgres`), Temporal's own server on it with
 * schemas from its `sql` tool (`temporal-schema` + `temporal`), then M API processes
 * (`api`: bin/server.ts) and N worker processes (`worker`: worker/main.ts), each a
 * separate OS process on a free port. Everything it starts, `stop()` stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startLocalPostgres, type LocalPostgres } from './postgres.js';
import { freePort } from './ports.js';
import { setUpTemporalSchemas, startTemporalCluster, temporalServerBinaries, type TemporalCluster } from './temporal-cluster.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What `npm run server` and `npm run worker` (the compose file's commands) run, without npm between. */
export const productEntryPoints = { api: 'bin/server.ts', worker: 'worker/main.ts' } as const;
export type Role = keyof typeof productEntryPoints;

/** The application database of the compose file (`bpm`); the product's own tables live there. */
export const APP_DATABASE = 'bpm';

/** Every product process's environment: the compose file's `x-app-env`. */
export function appEnvironment(databaseUrl: string, temporalAddress: string): Record<string, string> {
  return { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'bpm', TZ: 'UTC' };
}

/** What an API process gets on top (the compose file's `api` adds TEMPORAL_UI_URL: no Web UI here). */
export function apiEnvironment(port: number, adminPassword: string): Record<string, string> {
  return { PORT: String(port), BPM_DEMO: '0', BPM_ADMIN_PASSWORD: adminPassword };
}

export interface ProductProcess {
  role: Role;
  name: string;
  child: ChildProcess;
  /** The API's base URL (API processes only). */
  url?: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ProductionStack {
  databaseUrl: string;
  temporalAddress: string;
  /** The environment every product process gets (the compose file's x-app-env and the API's). */
  appEnv: Record<string, string>;
  postgres: { restart(): Promise<void>; stop(): Promise<void>; start(): Promise<void> };
  temporal: TemporalCluster;
  apis: ProductProcess[];
  workers: ProductProcess[];
  startApi(): Promise<ProductProcess>;
  /** `codeDir`: run the worker from another copy of the code (an older version, for the upgrade test). */
  startWorker(extraEnv?: Record<string, string>, options?: { codeDir?: string }): Promise<ProductProcess>;
  stop(): Promise<void>;
}

export interface ProductionStackOptions {
  dataDir: string;
  workers: number;
  apis: number;
  adminPassword: string;
  log?: (line: string) => void;
}

export async function startProductionStack(options: ProductionStackOptions): Promise<ProductionStack> {
  const log = options.log ?? ((line: string) => console.log(`[stack] ${line}`));
  await mkdir(options.dataDir, { recursive: true });
  await chmod(options.dataDir, 0o777); // embedded PostgreSQL runs as the `postgres` user under root
  const stops: Array<() => Promise<unknown>> = [];
  const stack = {} as ProductionStack;
  try {
    const binaries = await temporalServerBinaries(log);
    let postgres: LocalPostgres = await startLocalPostgres(join(options.dataDir, 'pg'));
    stops.push(() => postgres.stop());
    const serverUrl = new URL(postgres.url);
    await createDatabase(postgres.url, APP_DATABASE);
    const target = { host: '127.0.0.1', port: postgres.port, user: decodeURIComponent(serverUrl.username), password: decodeURIComponent(serverUrl.password) };
    await setUpTemporalSchemas(binaries.sql, binaries.schemaDir, target);
    log(`PostgreSQL 18 at 127.0.0.1:${postgres.port}; databases ${APP_DATABASE}, temporal, temporal_visibility`);

    const temporal = await startTemporalCluster({ dataDir: join(options.dataDir, 'temporal'), serverBinary: binaries.server, postgres: target, namespace: 'default', log });
    stops.push(() => temporal.stop());

    const appUrl = new URL(postgres.url);
    appUrl.pathname = `/${APP_DATABASE}`;
    const appEnv = appEnvironment(appUrl.toString(), temporal.address);
    const processes: ProductProcess[] = [];
    stops.push(() => Promise.all(processes.map((process) => process.stop())));
    const counter = { api: 0, worker: 0 };
    Object.assign(stack, {
      databaseUrl: appEnv.DATABASE_URL!,
      temporalAddress: temporal.address,
      appEnv,
      temporal,
      apis: [],
      workers: [],
      postgres: {
        stop: () => postgres.stop(),
        start: async () => {
          postgres = await startLocalPostgres(join(options.dataDir, 'pg'), { port: postgres.port });
        },
        async restart() {
          await this.stop();
          await this.start();
        },
      },
      async startApi() {
        const port = await freePort();
        const api = await startProductProcess('api', `api-${++counter.api}`, { ...appEnv, ...apiEnvironment(port, options.adminPassword) }, `http://127.0.0.1:${port}`);
        processes.push(api);
        stack.apis.push(api);
        return api;
      },
      async startWorker(extraEnv: Record<string, string> = {}, { codeDir = root }: { codeDir?: string } = {}) {
        const worker = await startProductProcess('worker', `worker-${++counter.worker}`, { ...appEnv, ...extraEnv }, undefined, codeDir);
        processes.push(worker);
        stack.workers.push(worker);
        return worker;
      },
      async stop() {
        for (const stop of stops.reverse()) await stop().catch((error: Error) => log(`while stopping: ${error.message}`));
        stops.length = 0;
      },
    } satisfies Partial<ProductionStack>);
    // The first API runs the migrations (advisory-locked, so the others could start along).
    await stack.startApi();
    await Promise.all(Array.from({ length: options.apis - 1 }, () => stack.startApi()));
    for (let i = 0; i < options.workers; i++) await stack.startWorker(); // one bundles at a time: 2 cores
    log(`${options.apis} API process(es) at ${stack.apis.map((api) => api.url).join(', ')}; ${options.workers} worker process(es)`);
    return stack;
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }
}

async function createDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** Spawns one product process; resolves once the API answers /healthz 200 or the worker polls. */
async function startProductProcess(role: Role, name: string, env: Record<string, string>, url?: string, codeDir = root): Promise<ProductProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', productEntryPoints[role]], { cwd: codeDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const product: ProductProcess = {
    role,
    name,
    child,
    url,
    output: () => output,
    exited,
    async stop(graceMs = 25_000) {
      if (gone()) return;
      child.kill('SIGTERM');
      const killing = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killing);
    },
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (gone()) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready after 120 s:\n${output}`);
    }
    const ready = role === 'worker' ? output.includes('worker polling') : await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (ready) return product;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
