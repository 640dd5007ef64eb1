import { createHash } from 'node:crypto';
import { serviceTaskSignatures, serviceTaskTypes as registeredTaskTypes } from '../activities/registry.js';
import { compileBpmn, type Problem, type ServiceTaskSignatures } from '../compiler/index.js';
import type { Pool } from '../stores/db.js';
import { saveDeployment, type DeployedProcess } from '../stores/bpm/definitions.js';
import { applyExecutionModes } from './execution-modes.js';

export type DeployOutcome =
  | { ok: true; deploymentId: string | null; processes: DeployedProcess[]; warnings: Problem[] }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

/** The service-task types our workers serve, as the compiler checks them (CONTRACT §3). */
const registeredTypes: ServiceTaskSignatures = serviceTaskSignatures();

/**
 * Compiles a BPMN document against the service-task types the workers serve and, unless
 * `dryRun`, stores every process in it as a new version. Nothing is stored when any
 * problem is found: all of them are reported.
 */
export async function deployBpmn(
  pool: Pool,
  request: { name: string; xml: string; deployedBy: string | null; dryRun?: boolean },
  serviceTaskTypes: ServiceTaskSignatures = registeredTypes,
): Promise<DeployOutcome> {
  const compiled = await compileBpmn(request.xml, { serviceTaskTypes });
  if (!compiled.ok) return { ok: false, errors: compiled.errors, warnings: compiled.warnings };
  const warnings = [...compiled.warnings, ...applyExecutionModes(compiled.processes, registeredTaskTypes)];
  if (request.dryRun) {
    const processes = compiled.processes.map((model) => ({ key: model.id, version: 0, name: model.name, created: false }));
    return { ok: true, deploymentId: null, processes, warnings };
  }
  const xmlSha256 = createHash('sha256').update(request.xml).digest('hex');
  const saved = await saveDeployment(pool, { ...request, xmlSha256, processes: compiled.processes });
  return { ok: true, ...saved, warnings };
}
