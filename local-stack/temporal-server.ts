import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupError } from './errors.js';
import { findOrInstallTemporalCli, temporalCliHelp } from './temporal-cli.js';
import { freePort } from './ports.js';

export interface LocalTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export interface LocalTemporalOptions {
  /** Where the SQLite file lives; omitted, history is kept in memory only. */
  dataDir?: string;
  ui?: boolean;
  namespace?: string;
  log?: (line: string) => void;
}

/**
 * Runs `temporal server start-dev` on free ports through the SDK's ephemeral server,
 * which also switches on Workflow Updates for the namespace.
 */
export async function startLocalTemporal(options: LocalTemporalOptions = {}): Promise<LocalTemporal> {
  const cacheDir = join(options.dataDir ?? '.data', 'temporal-cli');
  const { executable, tried } = await findOrInstallTemporalCli(cacheDir, options.log);
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const port = await freePort();
  const uiPort = options.ui ? await freePort() : undefined;
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable,
        ip: '127.0.0.1',
        port,
        ui: Boolean(options.ui),
        uiPort,
        namespace: options.namespace ?? 'default',
        dbFilename: options.dataDir ? join(options.dataDir, 'temporal.sqlite') : undefined,
        log: { format: 'pretty', level: 'error' },
      },
    });
  } catch (error) {
    const cause = (error as Error).message.split('\n')[0] ?? String(error);
    if (executable.type === 'cached-download') throw new SetupError(temporalCliHelp(tried, cause));
    throw new SetupError(`Temporal dev server failed to start (${executable.path}): ${cause}`);
  }
  return {
    address: env.address,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}
