import { randomUUID } from 'node:crypto';
import type { ProcessModel } from '../../compiler/model.js';
import { inTransaction, type Pool, type PoolClient } from '../db.js';

export interface DeployedProcess {
  key: string;
  version: number;
  name: string | null;
  /** False when byte-identical XML was already the latest version of this key. */
  created: boolean;
}

export interface ProcessDefinition {
  key: string;
  version: number;
  name: string | null;
  xml: string;
  model: ProcessModel;
  deployedAt: string;
  deployedBy: string | null;
}

/**
 * Stores each process of one BPMN document as the next version of its key. Deploying
 * byte-identical XML again returns the latest version instead of creating one, so that
 * start-up deployment is idempotent. A per-key advisory lock serialises version numbers.
 */
export async function saveDeployment(
  pool: Pool,
  deployment: { name: string; xml: string; xmlSha256: string; deployedBy: string | null; processes: ProcessModel[] },
): Promise<{ deploymentId: string; processes: DeployedProcess[] }> {
  return inTransaction(pool, async (client) => {
    const deploymentId = await insertDeployment(client, { id: randomUUID(), name: deployment.name, deployedBy: deployment.deployedBy });
    return { deploymentId, processes: await saveProcesses(client, { ...deployment, deploymentId }) };
  });
}

/** The deployment row that the versions saved in the same transaction point to. */
export async function insertDeployment(client: PoolClient, deployment: { id: string; name: string; deployedBy: string | null }): Promise<string> {
  await client.query(`INSERT INTO bpm.deployments (id, name, deployed_by) VALUES ($1, $2, $3)`, [deployment.id, deployment.name, deployment.deployedBy]);
  return deployment.id;
}

/** The processes of one BPMN document, each as the next version of its key (see saveDeployment). */
export async function saveProcesses(
  client: PoolClient,
  deployment: { deploymentId: string; xml: string; xmlSha256: string; deployedBy: string | null; processes: ProcessModel[] },
): Promise<DeployedProcess[]> {
  const processes: DeployedProcess[] = [];
  for (const model of [...deployment.processes].sort((a, b) => a.id.localeCompare(b.id))) {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('bpm.process_definitions:' || $1))`, [model.id]);
    const { rows } = await client.query<{ version: number; xml_sha256: string }>(
      `SELECT version, xml_sha256 FROM bpm.process_definitions WHERE key = $1 ORDER BY version DESC LIMIT 1`,
      [model.id],
    );
    const latest = rows[0];
    if (latest?.xml_sha256 === deployment.xmlSha256) {
      processes.push({ key: model.id, version: latest.version, name: model.name, created: false });
      continue;
    }
    const version = (latest?.version ?? 0) + 1;
    await client.query(
      `INSERT INTO bpm.process_definitions (key, version, name, deployment_id, xml, model, xml_sha256, deployed_by, version_tag)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [model.id, version, model.name, deployment.deploymentId, deployment.xml, JSON.stringify(model), deployment.xmlSha256, deployment.deployedBy, model.versionTag ?? null],
    );
    processes.push({ key: model.id, version, name: model.name, created: true });
  }
  return processes;
}

interface DefinitionRow {
  key: string;
  version: number;
  name: string | null;
  xml: string;
  model: ProcessModel;
  deployed_at: Date;
  deployed_by: string | null;
}

const toDefinition = (row: DefinitionRow): ProcessDefinition => ({
  key: row.key,
  version: row.version,
  name: row.name,
  xml: row.xml,
  model: row.model,
  deployedAt: row.deployed_at.toISOString(),
  deployedBy: row.deployed_by,
});

/** One version, or the latest when `version` is omitted. */
export async function findDefinition(pool: Pool, key: string, version?: number): Promise<ProcessDefinition | undefined> {
  const { rows } = await pool.query<DefinitionRow>(
    `SELECT key, version, name, xml, model, deployed_at, deployed_by FROM bpm.process_definitions
     WHERE key = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
    [key, version ?? null],
  );
  return rows[0] && toDefinition(rows[0]);
}

/** The latest version of `key` tagged `versionTag` (`zeebe:versionTag`). */
export async function findDefinitionByVersionTag(pool: Pool, key: string, versionTag: string): Promise<ProcessDefinition | undefined> {
  const { rows } = await pool.query<DefinitionRow>(
    `SELECT key, version, name, xml, model, deployed_at, deployed_by FROM bpm.process_definitions
     WHERE key = $1 AND version_tag = $2 ORDER BY version DESC LIMIT 1`,
    [key, versionTag],
  );
  return rows[0] && toDefinition(rows[0]);
}

/** The version of `key` deployed in the same deployment as `caller` (Camunda's binding "deployment"). */
export async function findDefinitionDeployedWith(
  pool: Pool,
  key: string,
  caller: { processKey: string; version: number },
): Promise<ProcessDefinition | undefined> {
  const { rows } = await pool.query<DefinitionRow>(
    `SELECT called.key, called.version, called.name, called.xml, called.model, called.deployed_at, called.deployed_by
       FROM bpm.process_definitions caller
       JOIN bpm.process_definitions called ON called.deployment_id = caller.deployment_id AND called.key = $1
      WHERE caller.key = $2 AND caller.version = $3`,
    [key, caller.processKey, caller.version],
  );
  return rows[0] && toDefinition(rows[0]);
}

export async function listLatestDefinitions(pool: Pool): Promise<Array<Omit<ProcessDefinition, 'xml' | 'model'>>> {
  const { rows } = await pool.query<DefinitionRow>(
    `SELECT DISTINCT ON (key) key, version, name, deployed_at, deployed_by FROM bpm.process_definitions
     ORDER BY key, version DESC`,
  );
  return rows.map((row) => ({
    key: row.key,
    version: row.version,
    name: row.name,
    deployedAt: row.deployed_at.toISOString(),
    deployedBy: row.deployed_by,
  }));
}
