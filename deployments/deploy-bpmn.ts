import { createHash } from 'node:crypto';
import { serviceTaskTypes } from '../activities/registry.js';
import { compileBpmn, type Problem } from '../compiler/index.js';
import type { Pool } from '../stores/db.js';
import { saveDeployment, type DeployedProcess } from '../stores/bpm/definitions.js';
import { applyExecutionModes } from './execution-modes.js';

export type DeployOutcome =
  | { ok: true; deploymentId: string | null; processes: DeployedProcess[]; warnings: Problem[] }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

/**
 * Compiles a BPMN document and, unless `dryRun`, stores every process in it as a new
 * version. Nothing is stored when any problem is found: all of them are reported.
 */
export async function deployBpmn(
  pool: Pool,
  request: { name: string; xml: string; deployedBy: string | null; dryRun?: boolean },
): Promise<DeployOutcome> {
  const compiled = await compileBpmn(request.xml);
  if (!compiled.ok) return { ok: false, errors: compiled.errors, warnings: compiled.warnings };
  const warnings = [...compiled.warnings, ...applyExecutionModes(compiled.processes, serviceTaskTypes)];
  if (request.dryRun) {
    const processes = compiled.processes.map((model) => ({ key: model.id, version: 0, name: model.name, created: false }));
    return { ok: true, deploymentId: null, processes, warnings };
  }
  const xmlSha256 = createHash('sha256').update(request.xml).digest('hex');
  const saved = await saveDeployment(pool, { ...request, xmlSha256, processes: compiled.processes });
  return { ok: true, ...saved, warnings };
}
