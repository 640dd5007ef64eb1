import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupError } from '../local-stack/errors.js';
import type { Pool } from '../stores/db.js';
import { deployResources } from './deploy-resources.js';

export const shippedProcessesDir = fileURLToPath(new URL('../processes/bpmn', import.meta.url));

/**
 * Deploys every `processes/bpmn/*.bpmn` at start-up, after the `.dmn` and `.form` files
 * beside them (so that the processes find the decisions and forms they call). Unchanged
 * files keep their version; a shipped file that does not deploy stops the start with
 * its problems listed.
 */
export async function deployShippedProcesses(pool: Pool, dir = shippedProcessesDir): Promise<string[]> {
  const names = await readdir(dir);
  const inOrder = [...names.filter((file) => /\.(dmn|form)$/.test(file)).sort(), ...names.filter((file) => file.endsWith('.bpmn')).sort()];
  const deployed: string[] = [];
  for (const file of inOrder) {
    const content = await readFile(join(dir, file), 'utf8');
    const outcome = await deployResources(pool, { name: basename(file), resources: [{ name: basename(file), content }], deployedBy: 'system' });
    if (!outcome.ok) {
      const problems = outcome.errors.map((e) => `${e.elementId ?? '(document)'}: ${e.message}`).join('; ');
      throw new SetupError(`processes/bpmn/${file} does not deploy: ${problems}`);
    }
    deployed.push(
      ...outcome.processes.map((p) => `${p.key} v${p.version}`),
      ...outcome.decisions.map((d) => `decision ${d.decisionId} v${d.version}`),
      ...outcome.forms.map((f) => `form ${f.formId} v${f.version}`),
    );
  }
  return deployed;
}
