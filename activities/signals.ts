/**
 * BPMN 2.0 §10.5.5 signal broadcast, shared by POST /api/signals and by signal throw
 * events: every instance with a signal catch waiting for the name gets it (the
 * `deliverSignal` workflow signal), and every latest process version with a signal start
 * event of that name starts an instance. Subscriptions are the message subscriptions'
 * rows with kind 'signal' (stores/bpm/subscriptions.ts).
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { findDefinition, type ProcessDefinition } from '../stores/bpm/definitions.js';
import { signalStartEvents, signalWaitingInstances } from '../stores/bpm/subscriptions.js';
import type { Pool } from '../stores/db.js';
import { deliverSignal } from '../workflows/messages.js';
import { startProcessOnce } from './service-tasks/start-process.js';

export interface SignalBroadcastResult {
  /** Instances that had a signal catch waiting and were sent the signal. */
  delivered: number;
  /** Instances started by signal start events. */
  started: string[];
}

export async function broadcastSignal(
  deps: { pool: Pool; client: Client },
  signal: { signalId: string; name: string; variables: Record<string, unknown> },
  startInstance: (definition: ProcessDefinition, startEventId: string) => Promise<string>,
): Promise<SignalBroadcastResult> {
  const waiting = await signalWaitingInstances(deps.pool, signal.name);
  let delivered = 0;
  for (const instanceId of waiting) {
    try {
      await deps.client.workflow.getHandle(instanceId).signal(deliverSignal, signal);
      delivered += 1;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error; // ended since its row was read
    }
  }
  const started: string[] = [];
  for (const start of await signalStartEvents(deps.pool, signal.name)) {
    const definition = await findDefinition(deps.pool, start.key, start.version);
    if (definition) started.push(await startInstance(definition, start.startEventId));
  }
  return { delivered, started };
}

/** The activity behind a signal throw or end event: once per element execution (`signalId`), with the worker's client. */
export function createSignalActivities(pool: Pool) {
  return {
    async broadcastSignal(request: { signalId: string; name: string; variables: Record<string, unknown>; startedBy: string }): Promise<SignalBroadcastResult> {
      const context = Context.current();
      return broadcastSignal({ pool, client: context.client }, request, async (definition, startEventId) => {
        const instance = await startProcessOnce(pool, {
          idempotencyKey: `${request.signalId}:${definition.key}`,
          processKey: definition.key,
          businessKey: null,
          variables: request.variables,
          startedBy: request.startedBy,
          startEventId,
        });
        return instance.instanceId;
      });
    },
  };
}
