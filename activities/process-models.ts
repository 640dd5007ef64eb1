import { ApplicationFailure } from '@temporalio/common';
import type { ProcessModel } from '../compiler/model.js';
import { findDefinition } from '../stores/bpm/definitions.js';
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
      const definition = await findDefinition(pool, request.processKey, request.version ?? undefined);
      if (!definition) {
        throw ApplicationFailure.nonRetryable(`No process "${request.processKey}" is deployed`, 'ProcessNotDeployed');
      }
      return { processKey: definition.key, version: definition.version, model: definition.model };
    },
  };
}
