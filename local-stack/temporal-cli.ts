import { execFile, spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join, delimiter } from 'node:path';
import { promisify } from 'node:util';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { SetupError } from './errors.js';

const run = promisify(execFile);

/** CLI 1.5.1 = Temporal Server 1.29.1 + Web UI 2.42.1; later tags refuse `go install`. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

type Log = (line: string) => void;

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function goBinDir(): Promise<string | undefined> {
  try {
    const { stdout } = await run('go', ['env', 'GOBIN', 'GOPATH']);
    const [gobin, gopath] = stdout.split('\n').map((line) => line.trim());
    if (gobin) return gobin;
    return gopath ? join(gopath.split(delimiter)[0]!, 'bin') : undefined;
  } catch {
    return undefined;
  }
}

async function goInstall(log: Log): Promise<void> {
  log(`Building the Temporal CLI with \`go install ${TEMPORAL_CLI_MODULE}\`; this takes several minutes, once.`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['install', TEMPORAL_CLI_MODULE], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`go install exited with ${code}: ${stderr.trim().split('\n').at(-1)}`)),
    );
  });
}

/**
 * Finds the Temporal CLI, building it when missing. In order: `TEMPORAL_CLI`, `temporal`
 * on PATH, `$(go env GOPATH)/bin/temporal`, `go install`. When all of these fail the
 * answer is the Temporal SDK's own download, which works on the open internet only;
 * `describeAttempts` then says what was tried, for the error if that fails too.
 */
export async function findOrInstallTemporalCli(
  downloadDir: string,
  log: Log = console.log,
): Promise<{ executable: EphemeralServerExecutable; tried: string[] }> {
  const tried: string[] = [];
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (await isExecutable(fromEnv)) return { executable: { type: 'existing-path', path: fromEnv }, tried };
    throw new SetupError(`TEMPORAL_CLI=${fromEnv} is not an executable file`);
  }
  const path = await onPath('temporal');
  if (path) return { executable: { type: 'existing-path', path }, tried };
  tried.push('`temporal` on PATH: not found');

  const binDir = await goBinDir();
  if (binDir) {
    const built = join(binDir, 'temporal');
    if (await isExecutable(built)) return { executable: { type: 'existing-path', path: built }, tried };
    tried.push(`${built}: not found`);
    try {
      await goInstall(log);
      if (await isExecutable(built)) return { executable: { type: 'existing-path', path: built }, tried };
      tried.push(`go install: finished but ${built} is missing`);
    } catch (error) {
      tried.push(`go install: ${(error as Error).message}`);
    }
  } else {
    tried.push('Go: not installed (`go env GOPATH` failed)');
  }
  // CI machines reach package registries only: the download cannot work there, so say
  // at once what was tried instead of failing later with the SDK's long download error.
  if (process.env.CI) throw new SetupError(temporalCliHelp(tried, 'not tried under CI=true'));
  log('No Temporal CLI here; falling back to the Temporal SDK download (needs the open internet).');
  return { executable: { type: 'cached-download', downloadDir }, tried };
}

export function temporalCliHelp(tried: string[], cause: string): string {
  return (
    `Temporal CLI not found and could not be installed (${[...tried, `SDK download: ${cause}`].join('; ')}). ` +
    `Install Go and run \`go install ${TEMPORAL_CLI_MODULE}\`, set TEMPORAL_CLI, or set TEMPORAL_ADDRESS.`
  );
}
