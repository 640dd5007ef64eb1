/** Call activities as child workflows of the called process's deployed model. */
import { executeChild, getExternalWorkflowHandle, isCancellation, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CancellationHandle, ChildProcessRequest, Variables } from '../../engine/ports.js';
import { toEngineFailure } from '../failures.js';
import { childEscalated } from '../messages.js';
import { PROCESS_WORKFLOW, type ProcessStart } from '../process-start.js';
import { bookkeeping } from './bookkeeping.js';
import { scopeOf } from './scopes.js';

export class ChildProcessPort {
  /** Running called processes by workflow id: where their escalations go. */
  private readonly escalationListeners = new Map<string, (escalationCode: string) => void>();

  constructor(private readonly start: ProcessStart) {
    setHandler(childEscalated, ({ childWorkflowId, escalationCode }) => this.escalationListeners.get(childWorkflowId)?.(escalationCode));
  }

  /** In a called process: tells the calling process's call activity (BPMN 2.0 §10.5.4). */
  async escalateToCaller(escalationCode: string, cancellation: CancellationHandle): Promise<void> {
    const parent = workflowInfo().parent;
    if (!parent) return;
    await scopeOf(cancellation).run(() =>
      getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(childEscalated, { childWorkflowId: workflowInfo().workflowId, escalationCode }),
    );
  }

  async startChildProcess(request: ChildProcessRequest, cancellation: CancellationHandle, onEscalation?: (escalationCode: string) => void): Promise<Variables> {
    const workflowId = `${workflowInfo().workflowId}:${request.elementId}:${request.loopCounter}`;
    if (onEscalation) this.escalationListeners.set(workflowId, onEscalation);
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
          workflowId,
          args: [childStart],
        })) as Variables;
      });
    } catch (error) {
      if (isCancellation(error)) throw error;
      throw toEngineFailure(error);
    } finally {
      this.escalationListeners.delete(workflowId);
    }
  }
}
