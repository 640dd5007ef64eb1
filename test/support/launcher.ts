import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Launched {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs what `npm start` runs (node --import tsx bin/start.ts), with the given environment. */
export function launch(env: Record<string, string | undefined>): Launched {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls until `probe` resolves truthy or the launched process exits. */
export async function waitFor<T>(launched: Launched, probe: () => Promise<T | undefined>, what: string, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  let exited = false;
  void launched.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen; launcher output:\n${launched.output()}`);
}
