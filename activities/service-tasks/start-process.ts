import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createHash } from 'node:crypto';
import type { Pool } from '../../stores/db.js';
import { findDefinition } from '../../stores/bpm/definitions.js';
import { findInstance, insertInstance } from '../../stores/bpm/instances.js';
import { PROCESS_WORKFLOW, processStartOf } from '../../workflows/process-start.js';
import { ServiceTaskInputError } from './types.js';

/**
 * Starts the latest version of a deployed process from a service task, exactly once: the
 * instance id is derived from the step's idempotency key, so a retried step finds the
 * instance it started. Uses the client of the worker running the step.
 */
export async function startProcessOnce(
  pool: Pool,
  request: { idempotencyKey: string; processKey: string; businessKey: string | null; variables: Record<string, unknown>; startedBy: string; startEventId?: string },
): Promise<{ instanceId: string; processKey: string; version: number }> {
  const hash = createHash('sha256').update(request.idempotencyKey).digest('hex');
  const instanceId = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
  const existing = await findInstance(pool, instanceId);
  const definition = await findDefinition(pool, existing?.processKey ?? request.processKey, existing?.version);
  if (!definition) throw new ServiceTaskInputError('processKey', `No deployed process ${request.processKey}`);
  const start = processStartOf(definition, request);
  const context = Context.current();
  // The row, the workflow start and instance.started commit together (stores/bpm/instances.ts).
  await insertInstance(pool, { ...start, instanceId, startedBy: request.startedBy }, async () => {
    try {
      await context.client.workflow.start(PROCESS_WORKFLOW, { workflowId: instanceId, taskQueue: context.info.taskQueue, args: [start] });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  });
  return { instanceId, processKey: definition.key, version: definition.version };
}
