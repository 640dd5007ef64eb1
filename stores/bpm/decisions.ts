import type { DecisionGraph } from '../../decisions/model.js';
import type { Pool, PoolClient } from '../db.js';
import type { ResourceBinding } from '../../compiler/model.js';
import { bindingFilter } from './binding.js';

export interface DeployedDecision {
  decisionId: string;
  version: number;
  name: string | null;
  decisionRequirementsId: string;
  /** False when byte-identical DMN was already the latest version of this decision. */
  created: boolean;
}

export interface DecisionDefinition {
  decisionId: string;
  version: number;
  name: string | null;
  versionTag: string | null;
  deploymentId: string;
  graph: DecisionGraph;
}

/**
 * Stores each decision of one `.dmn` file as the next version of its id, inside the
 * deployment's transaction. Byte-identical DMN keeps the version it has (as Camunda does).
 */
export async function saveDecisions(
  client: PoolClient,
  deployment: { deploymentId: string; resourceName: string; xml: string; xmlSha256: string; graph: DecisionGraph; deployedBy: string | null },
): Promise<DeployedDecision[]> {
  const saved: DeployedDecision[] = [];
  for (const decision of [...deployment.graph.decisions].sort((a, b) => a.id.localeCompare(b.id))) {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('bpm.decision_definitions:' || $1))`, [decision.id]);
    const { rows } = await client.query<{ version: number; xml_sha256: string }>(
      `SELECT version, xml_sha256 FROM bpm.decision_definitions WHERE key = $1 ORDER BY version DESC LIMIT 1`,
      [decision.id],
    );
    const latest = rows[0];
    const summary = { decisionId: decision.id, name: decision.name, decisionRequirementsId: deployment.graph.id };
    if (latest?.xml_sha256 === deployment.xmlSha256) {
      saved.push({ ...summary, version: latest.version, created: false });
      continue;
    }
    const version = (latest?.version ?? 0) + 1;
    await client.query(
      `INSERT INTO bpm.decision_definitions
         (key, version, name, graph_id, version_tag, deployment_id, resource_name, xml, graph, xml_sha256, deployed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        decision.id,
        version,
        decision.name,
        deployment.graph.id,
        decision.versionTag,
        deployment.deploymentId,
        deployment.resourceName,
        deployment.xml,
        JSON.stringify(deployment.graph),
        deployment.xmlSha256,
        deployment.deployedBy,
      ],
    );
    saved.push({ ...summary, version, created: true });
  }
  return saved;
}

/** The version of decision `decisionId` that `binding` means, or undefined. */
export async function findDecision(pool: Pool, decisionId: string, binding: ResourceBinding = { bindingType: 'latest' }): Promise<DecisionDefinition | undefined> {
  const filter = bindingFilter(binding, 2);
  const { rows } = await pool.query<{ key: string; version: number; name: string | null; version_tag: string | null; deployment_id: string; graph: DecisionGraph }>(
    `SELECT key, version, name, version_tag, deployment_id, graph FROM bpm.decision_definitions
     WHERE key = $1 AND ${filter.sql} ORDER BY version DESC LIMIT 1`,
    [decisionId, ...filter.params],
  );
  const row = rows[0];
  return row && { decisionId: row.key, version: row.version, name: row.name, versionTag: row.version_tag, deploymentId: row.deployment_id, graph: row.graph };
}

/** The latest version of each decision, for listings. */
export async function listLatestDecisions(pool: Pool): Promise<Array<Omit<DecisionDefinition, 'graph'> & { decisionRequirementsId: string; deployedAt: string }>> {
  const { rows } = await pool.query<{ key: string; version: number; name: string | null; version_tag: string | null; deployment_id: string; graph_id: string; deployed_at: Date }>(
    `SELECT DISTINCT ON (key) key, version, name, version_tag, deployment_id, graph_id, deployed_at
     FROM bpm.decision_definitions ORDER BY key, version DESC`,
  );
  return rows.map((row) => ({
    decisionId: row.key,
    version: row.version,
    name: row.name,
    versionTag: row.version_tag,
    deploymentId: row.deployment_id,
    decisionRequirementsId: row.graph_id,
    deployedAt: row.deployed_at.toISOString(),
  }));
}

/** One version (the latest when `version` is omitted) with its DMN XML. */
export async function findDecisionVersion(
  pool: Pool,
  decisionId: string,
  version?: number,
): Promise<(Omit<DecisionDefinition, 'graph'> & { decisionRequirementsId: string; xml: string; resourceName: string; deployedAt: string; deployedBy: string | null }) | undefined> {
  const { rows } = await pool.query<{
    key: string;
    version: number;
    name: string | null;
    version_tag: string | null;
    deployment_id: string;
    graph_id: string;
    xml: string;
    resource_name: string;
    deployed_at: Date;
    deployed_by: string | null;
  }>(
    `SELECT key, version, name, version_tag, deployment_id, graph_id, xml, resource_name, deployed_at, deployed_by
     FROM bpm.decision_definitions WHERE key = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
    [decisionId, version ?? null],
  );
  const row = rows[0];
  return (
    row && {
      decisionId: row.key,
      version: row.version,
      name: row.name,
      versionTag: row.version_tag,
      deploymentId: row.deployment_id,
      decisionRequirementsId: row.graph_id,
      xml: row.xml,
      resourceName: row.resource_name,
      deployedAt: row.deployed_at.toISOString(),
      deployedBy: row.deployed_by,
    }
  );
}
