import type { Pool, PoolClient } from '../db.js';
import type { ResourceBinding } from '../../compiler/model.js';
import { bindingFilter } from './binding.js';

export interface DeployedForm {
  formId: string;
  version: number;
  created: boolean;
}

/** Stores a form-js schema as the next version of its `id`; identical content keeps its version. */
export async function saveForm(
  client: PoolClient,
  form: { deploymentId: string; resourceName: string; formId: string; versionTag: string | null; schema: unknown; sha256: string; deployedBy: string | null },
): Promise<DeployedForm> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('bpm.form_definitions:' || $1))`, [form.formId]);
  const { rows } = await client.query<{ version: number; sha256: string }>(
    `SELECT version, sha256 FROM bpm.form_definitions WHERE form_id = $1 ORDER BY version DESC LIMIT 1`,
    [form.formId],
  );
  const latest = rows[0];
  if (latest?.sha256 === form.sha256) return { formId: form.formId, version: latest.version, created: false };
  const version = (latest?.version ?? 0) + 1;
  await client.query(
    `INSERT INTO bpm.form_definitions (form_id, version, version_tag, deployment_id, resource_name, schema, sha256, deployed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [form.formId, version, form.versionTag, form.deploymentId, form.resourceName, JSON.stringify(form.schema), form.sha256, form.deployedBy],
  );
  return { formId: form.formId, version, created: true };
}

/** The form-js schema `binding` means for `formId`, with its version, or undefined. */
export async function findForm(pool: Pool, formId: string, binding: ResourceBinding = { bindingType: 'latest' }): Promise<{ version: number; schema: unknown } | undefined> {
  const filter = bindingFilter(binding, 2);
  const { rows } = await pool.query<{ version: number; schema: unknown }>(
    `SELECT version, schema FROM bpm.form_definitions WHERE form_id = $1 AND ${filter.sql} ORDER BY version DESC LIMIT 1`,
    [formId, ...filter.params],
  );
  return rows[0];
}
