import { ApplicationFailure } from '@temporalio/common';
import type { ProcessModel } from '../compiler/model.js';
import { findDefinition, findDefinitionByVersionTag, findDefinitionDeployedWith } from '../stores/bpm/definitions.js';
import type { Pool } from '../stores/db.js';

export interface LoadedProcessModel {
  processKey: string;
  version: number;
  model: ProcessModel;
}

export interface ProcessModelRequest {
  processKey: string;
  version?: number | null;
  /** A call activity's `bindingType` (absent: the latest version). */
  bindingType?: 'deployment' | 'versionTag';
  versionTag?: string;
  /** The calling process's version, for `deployment`: the called one deployed with it. */
  caller?: { processKey: string; version: number };
}

/** A deployed model for a call activity: the latest version unless one is pinned or bound. */
export function createProcessModelActivities(pool: Pool) {
  return {
    async loadProcessModel(request: ProcessModelRequest): Promise<LoadedProcessModel> {
      const definition =
        request.bindingType === 'versionTag'
          ? await findDefinitionByVersionTag(pool, request.processKey, request.versionTag ?? '')
          : request.bindingType === 'deployment' && request.caller
            ? await findDefinitionDeployedWith(pool, request.processKey, request.caller)
            : await findDefinition(pool, request.processKey, request.version ?? undefined);
      if (!definition) {
        const which =
          request.bindingType === 'versionTag'
            ? ` with version tag "${request.versionTag ?? ''}"`
            : request.bindingType === 'deployment'
              ? ` in the deployment of ${request.caller?.processKey ?? '?'} version ${request.caller?.version ?? '?'}`
              : '';
        throw ApplicationFailure.nonRetryable(`No process "${request.processKey}"${which} is deployed`, 'ProcessNotDeployed');
      }
      return { processKey: definition.key, version: definition.version, model: definition.model };
    },
  };
}
