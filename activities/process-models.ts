import { ApplicationFailure } from '@temporalio/common';
import type { ProcessModel } from '../compiler/model.js';
import type { Pool } from '../stores/db.js';

export interface LoadedProcessModel {
  processKey: string;
  version: number;
  model: ProcessModel;
}

/** A deployed model for a call activity: the latest version unless one is pinned. */
export function createProcessModelActivities(pool: Pool) {
  return {
    async loadProcessModel(request: { processKey: string; version?: number | null }): Promise<LoadedProcessModel> {
      const { rows } = await pool.query<{ key: string; version: number; model: ProcessModel }>(
        `SELECT key, version, model FROM bpm.process_definitions
         WHERE key = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
        [request.processKey, request.version ?? null],
      );
      const row = rows[0];
      if (!row) {
        throw ApplicationFailure.nonRetryable(`No process "${request.processKey}" is deployed`, 'ProcessNotDeployed');
      }
      return { processKey: row.key, version: row.version, model: row.model };
    },
  };
}
