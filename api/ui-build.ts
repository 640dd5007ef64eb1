import { existsSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web app's sources (a Vite app in TypeScript) and where its build goes. */
export const webAppSource = fileURLToPath(new URL('../modeler-ui/', import.meta.url));
export const webAppDist = join(webAppSource, 'dist');
const STAMP = join(webAppDist, '.built');
/** Besides the sources, what changes the bundle: the dependencies. */
const INPUTS = [join(webAppSource, 'index.html'), join(webAppSource, 'vite.config.ts'), join(webAppSource, 'src'), fileURLToPath(new URL('../package-lock.json', import.meta.url))];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stat.mtimeMs);
}

/** True when modeler-ui/dist/ is missing or older than any source of it. */
export function webAppIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestChange(input) > built);
}

/**
 * Builds the web app with Vite when it is missing or stale (a fresh clone, an edited
 * source, new dependencies); otherwise does nothing. Returns what it did, for the log.
 */
export async function ensureWebAppBuilt(log: (line: string) => void = () => {}): Promise<'built' | 'fresh'> {
  if (!webAppIsStale()) return 'fresh';
  const began = Date.now();
  log('Building the web app (modeler-ui/ with Vite)…');
  const { build } = await import('vite');
  await build({ configFile: join(webAppSource, 'vite.config.ts'), logLevel: 'warn' });
  await writeFile(STAMP, new Date().toISOString());
  log(`Web app built in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return 'built';
}
