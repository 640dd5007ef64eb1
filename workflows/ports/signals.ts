/** Signal throw and end events: one broadcast activity per element execution (activities/signals.ts). */
import { workflowInfo } from '@temporalio/workflow';
import type { CancellationHandle, SignalBroadcast } from '../../engine/ports.js';
import { bookkeeping } from './bookkeeping.js';
import { scopeOf } from './scopes.js';

export async function broadcastSignal(broadcast: SignalBroadcast, cancellation: CancellationHandle): Promise<void> {
  const { workflowId } = workflowInfo();
  await scopeOf(cancellation).run(() =>
    bookkeeping.broadcastSignal({
      signalId: `${workflowId}:${broadcast.elementId}:${broadcast.loopCounter}`,
      name: broadcast.signalName,
      variables: broadcast.variables,
      startedBy: `process:${workflowId}`,
    }),
  );
}
