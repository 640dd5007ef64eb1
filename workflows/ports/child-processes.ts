/** Call activities as child workflows of the called process's deployed model. */
import { executeChild, isCancellation, workflowInfo } from '@temporalio/workflow';
import type { CancellationHandle, ChildProcessRequest, Variables } from '../../engine/ports.js';
import { toEngineFailure } from '../failures.js';
import { PROCESS_WORKFLOW, type ProcessStart } from '../process-start.js';
import { bookkeeping } from './bookkeeping.js';
import { scopeOf } from './scopes.js';

export class ChildProcessPort {
  constructor(private readonly start: ProcessStart) {}

  async startChildProcess(request: ChildProcessRequest, cancellation: CancellationHandle): Promise<Variables> {
    try {
      return await scopeOf(cancellation).run(async () => {
        const loaded = await bookkeeping.loadProcessModel({
          processKey: request.processKey,
          ...(request.bindingType ? { bindingType: request.bindingType, versionTag: request.versionTag, caller: { processKey: this.start.processKey, version: this.start.version } } : {}),
        });
        const childStart: ProcessStart = {
          processKey: loaded.processKey,
          version: loaded.version,
          businessKey: this.start.businessKey,
          model: loaded.model,
          variables: request.variables,
          isCalledProcess: true,
        };
        return (await executeChild(PROCESS_WORKFLOW, {
          workflowId: `${workflowInfo().workflowId}:${request.elementId}:${request.loopCounter}`,
          args: [childStart],
        })) as Variables;
      });
    } catch (error) {
      if (isCancellation(error)) throw error;
      throw toEngineFailure(error);
    }
  }
}
