/**
 * An older version of this repository's code, taken from its git history into a scratch
 * folder, to run next to the current code (the rolling-upgrade test). It shares this
 * checkout's node_modules; that is only honest when the older lock file resolved the
 * same package versions, which `checkOutOlderCode` checks.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

export interface OlderCode {
  commit: string;
  dir: string;
  remove(): Promise<void>;
}

/** Why the commit is not in this clone, or undefined when it is. */
export async function missingCommit(commit: string): Promise<string | undefined> {
  const present = await run('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: root }).then(() => true, () => false);
  if (present) return undefined;
  const shallow = await run('git', ['rev-parse', '--is-shallow-repository'], { cwd: root }).then(({ stdout }) => stdout.trim() === 'true', () => false);
  return `commit ${commit} is not in this clone${shallow ? ' (a shallow clone: run `git fetch --unshallow`)' : ''}`;
}

/**
 * Extracts `commit` (git archive) into a scratch folder with this checkout's
 * node_modules linked in. Throws when a package the older lock file resolved is installed
 * here at another version (or not at all, unless listed in `notNeeded`).
 */
export async function checkOutOlderCode(commit: string, notNeeded: string[] = []): Promise<OlderCode> {
  const missing = await missingCommit(commit);
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), `bpm-code-${commit.slice(0, 7)}-`));
  try {
    await run('bash', ['-o', 'pipefail', '-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: root, maxBuffer: 1 << 20 });
    const mismatches = lockMismatches(JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')), notNeeded);
    if (mismatches.length) throw new Error(`${commit.slice(0, 7)}'s package-lock.json resolves other packages than node_modules holds: ${mismatches.slice(0, 10).join('; ')}`);
    await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { commit, dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

type LockFile = { packages: Record<string, { version?: string; optional?: boolean; link?: boolean }> };

/** Packages of an older lock file that this checkout's node_modules does not hold at the same version. */
export function lockMismatches(older: LockFile, notNeeded: string[]): string[] {
  const mismatches: string[] = [];
  for (const [path, entry] of Object.entries(older.packages)) {
    if (!path.startsWith('node_modules/') || entry.link || notNeeded.includes(path.slice('node_modules/'.length))) continue;
    const manifest = join(root, path, 'package.json');
    if (!existsSync(manifest)) {
      if (!entry.optional) mismatches.push(`${path} ${entry.version} is not installed`);
      continue;
    }
    const installed = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
    if (installed !== entry.version) mismatches.push(`${path} ${entry.version} (installed: ${installed})`);
  }
  return mismatches;
}
