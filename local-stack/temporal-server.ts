import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupError } from './errors.js';
import { findOrInstallTemporalCli, temporalCliHelp } from './temporal-cli.js';
import { freePort } from './ports.js';

export interface LocalTemporal {
  address: string;
  uiUrl?: string;
  /** Resolves when the dev server process ends without `stop()` (never, for the SDK-downloaded one). */
  died: Promise<void>;
  stop(): Promise<void>;
}

export interface LocalTemporalOptions {
  /** Where the SQLite file lives; omitted, history is kept in memory only. */
  dataDir?: string;
  ui?: boolean;
  namespace?: string;
  log?: (line: string) => void;
  /** Ports to listen on (to start again where workers already point); free ones otherwise. */
  port?: number;
  uiPort?: number;
}

// What the SDK's ephemeral server passes too: Workflow Updates on, no version check.
const devServerConfig = [
  'frontend.enableServerVersionCheck=false',
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
].flatMap((value) => ['--dynamic-config-value', value]);

/**
 * Runs `temporal server start-dev` on free ports. A CLI found on this machine runs as our
 * own child process, so the launcher sees it die; only the SDK's download fallback goes
 * through the SDK's ephemeral server.
 */
export async function startLocalTemporal(options: LocalTemporalOptions = {}): Promise<LocalTemporal> {
  const cacheDir = join(options.dataDir ?? '.data', 'temporal-cli');
  const { executable, tried } = await findOrInstallTemporalCli(cacheDir, options.log);
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const uiPort = options.ui ? (options.uiPort ?? (await freePort())) : undefined;
  const namespace = options.namespace ?? 'default';
  const dbFilename = options.dataDir ? join(options.dataDir, 'temporal.sqlite') : undefined;
  const uiUrl = uiPort ? `http://127.0.0.1:${uiPort}` : undefined;

  if (executable.type === 'existing-path') {
    const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace, '--log-level', 'error', ...devServerConfig];
    if (dbFilename) args.push('--db-filename', dbFilename);
    args.push(...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']));
    const child = spawn(executable.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
    const address = `127.0.0.1:${port}`;
    try {
      await untilServing(address, namespace, child);
    } catch (error) {
      child.kill('SIGKILL');
      throw new SetupError(`Temporal dev server failed to start (${executable.path}): ${(error as Error).message}${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`);
    }
    return { address, uiUrl, ...supervised(child) };
  }

  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable, ip: '127.0.0.1', port, ui: Boolean(options.ui), uiPort, namespace, dbFilename, log: { format: 'pretty', level: 'error' } },
    });
  } catch (error) {
    throw new SetupError(temporalCliHelp(tried, (error as Error).message.split('\n')[0] ?? String(error)));
  }
  return { address: env.address, uiUrl, died: new Promise(() => {}), stop: () => env.teardown() };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** `died` for an exit nobody asked for; `stop()` ends it within 10 s and returns at once when it is gone already. */
function supervised(child: ChildProcess): Pick<LocalTemporal, 'died' | 'stop'> {
  let stopping = false;
  const exited = new Promise<void>((resolve) => (hasExited(child) ? resolve() : child.once('exit', () => resolve())));
  return {
    died: exited.then(() => (stopping ? new Promise<void>(() => {}) : undefined)),
    async stop() {
      stopping = true;
      if (hasExited(child)) return;
      child.kill('SIGTERM');
      const killing = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killing);
    },
  };
}

/** Waits until the frontend answers and the namespace is registered (start-dev does both). */
async function untilServing(address: string, namespace: string, child: ChildProcess, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    const connection = await Connection.connect({ address, connectTimeout: '1 second' }).catch((error: Error) => {
      last = error.message.split('\n')[0]!;
      return undefined;
    });
    if (connection) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (error) {
        last = (error as Error).message.split('\n')[0]!;
      } finally {
        await connection.close();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not serving after ${ms / 1000} s (${last})`);
}
