import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupError } from '../local-stack/errors.js';
import type { Pool } from '../stores/db.js';
import { deployBpmn } from './deploy-bpmn.js';

export const shippedProcessesDir = fileURLToPath(new URL('../processes/bpmn', import.meta.url));

/**
 * Deploys every `processes/bpmn/*.bpmn` at start-up. Unchanged files keep their version;
 * a shipped diagram that does not compile stops the start with its problems listed.
 */
export async function deployShippedProcesses(pool: Pool, dir = shippedProcessesDir): Promise<string[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.bpmn')).sort();
  const deployed: string[] = [];
  for (const file of files) {
    const xml = await readFile(join(dir, file), 'utf8');
    const outcome = await deployBpmn(pool, { name: basename(file), xml, deployedBy: 'system' });
    if (!outcome.ok) {
      const problems = outcome.errors.map((e) => `${e.elementId ?? '(document)'}: ${e.message}`).join('; ');
      throw new SetupError(`processes/bpmn/${file} does not deploy: ${problems}`);
    }
    deployed.push(...outcome.processes.map((p) => `${p.key} v${p.version}`));
  }
  return deployed;
}
