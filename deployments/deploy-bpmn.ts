import type { ServiceTaskSignatures } from '../compiler/index.js';
import type { Pool } from '../stores/db.js';
import { deployResources, type ResourcesOutcome } from './deploy-resources.js';

export type DeployOutcome = ResourcesOutcome;

/**
 * Compiles a BPMN document against the service-task types the workers serve and, unless
 * `dryRun`, stores every process in it as a new version: a deployment of one resource
 * (deploy-resources.ts). Nothing is stored when any problem is found: all are reported.
 */
export async function deployBpmn(
  pool: Pool,
  request: { name: string; xml: string; deployedBy: string | null; dryRun?: boolean },
  serviceTaskTypes?: ServiceTaskSignatures,
): Promise<DeployOutcome> {
  const { xml, ...rest } = request;
  return deployResources(pool, { ...rest, resources: [{ name: bpmnResourceName(request.name), content: xml }] }, serviceTaskTypes);
}

/** The resource name a single BPMN document is deployed under: its own name when it says it is BPMN. */
export function bpmnResourceName(name: string): string {
  return /\.(bpmn|xml)$/i.test(name) ? name : `${name}.bpmn`;
}
