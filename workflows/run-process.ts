import { CancellationScope, allHandlersFinished, condition, continueAsNew, isCancellation, setHandler } from '@temporalio/workflow';
import { ProcessInstance } from '../engine/instance.js';
import { BpmnErrorSignal } from '../engine/ports.js';
import { bpmnErrorFailure } from './failures.js';
import { instanceState } from './messages.js';
import { createTemporalPorts } from './ports/index.js';
import type { ProcessStart } from './process-start.js';

/**
 * Runs one process instance of any process: the engine interprets the compiled model,
 * the Temporal ports do the waiting and the side effects. Continues as new at a safe
 * point when the history grows long, carrying variables, counters and unread messages.
 */
export async function runProcess(start: ProcessStart): Promise<Record<string, unknown>> {
  const ports = createTemporalPorts(start);
  const { summaries } = ports;
  const instance = new ProcessInstance({
    model: start.model,
    ports,
    variables: start.variables,
    startEventId: start.startEventId ?? null,
    isCalledProcess: start.isCalledProcess ?? false,
    checkpoint: start.checkpoint ?? null,
  });
  setHandler(instanceState, () => ({
    ...instance.snapshot(),
    processKey: start.processKey,
    version: start.version,
    businessKey: start.businessKey,
    openTasks: [...ports.openTasks].filter(([, task]) => task.inInbox).map(([taskId, task]) => ({ taskId, elementId: task.elementId })),
  }));

  // Current runs need no first write: the API inserted the row, and the writer follows
  // the first step (a called process's first write inserts its row).
  if (summaries.current) summaries.follow(instance);
  else if (!start.checkpoint) await summaries.recordSummary(instance.snapshot(), false);
  let outcome;
  try {
    outcome = await instance.run();
  } catch (error) {
    if (isCancellation(error)) {
      instance.markCancelled();
      await CancellationScope.nonCancellable(async () => {
        await ports.drain();
        await summaries.finish(instance.snapshot(), true);
      });
      throw error;
    }
    if (error instanceof BpmnErrorSignal) {
      // Only a called process lets an error out: its call activity catches it.
      await summaries.finish({ ...instance.snapshot(), status: 'completed' }, true);
      throw bpmnErrorFailure(error.code, error.message);
    }
    throw error;
  }
  await ports.drain();
  if (outcome.kind === 'continueAsNew') {
    await summaries.stop();
    await condition(allHandlersFinished);
    return continueAsNew<typeof runProcess>({ ...start, checkpoint: outcome.checkpoint, pendingMessages: ports.pendingMessages() });
  }
  await summaries.finish(instance.snapshot(), true);
  return outcome.variables;
}
