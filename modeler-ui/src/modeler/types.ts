/** What GET /api/process-definitions lists: the latest version of each key. */
export interface ProcessDefinitionSummary {
  key: string;
  version: number;
  name?: string | null;
  deployedAt?: string | null;
  deployedBy?: string | null;
}

/** GET /api/process-definitions/{key}?version=N */
export interface ProcessDefinition extends ProcessDefinitionSummary {
  xml: string;
}

/** POST /api/deployments → 201 */
export interface DeploymentResult {
  deploymentId: string;
  processes: Array<{ key: string; version: number; name?: string | null }>;
  /** DMN decisions and forms deployed with the diagram (multipart deployments). */
  decisions?: Array<{ decisionId: string; version: number }>;
  forms?: Array<{ formId: string; version: number }>;
  /** `resource` names the file of a problem when the deployment had several. */
  warnings: Array<{ elementId?: string | null; message: string; resource?: string }>;
}
