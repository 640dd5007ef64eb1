import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { findDefinition, type ProcessDefinition } from '../stores/bpm/definitions.js';
import { deleteInstance, findInstance, insertInstance, listInstances } from '../stores/instances.js';
import { heldTaskOfInstance, openTasksOfInstance } from '../stores/bpm/tasks.js';
import { retryIncident } from '../workflows/messages.js';
import { PROCESS_WORKFLOW, type ProcessStart } from '../workflows/process-start.js';
import { inGroup, requireGroup, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';

/** Temporal refuses payloads over 2 MB and warns from 512 KB; variables stay well below. */
export const MAX_VARIABLES_BYTES = 256 * 1024;

const variables = z.record(z.string(), z.unknown()).default({});

const startBody = z.object({
  processKey: z.string().min(1),
  version: z.number().int().positive().optional(),
  businessKey: z.string().min(1).max(200).optional(),
  variables,
});

const listQuery = z.object({
  processKey: z.string().optional(),
  status: z.enum(['running', 'incident', 'completed', 'cancelled']).optional(),
});

export interface InstanceDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
}

export function checkVariablesSize(variables: Record<string, unknown>): void {
  const size = Buffer.byteLength(JSON.stringify(variables));
  if (size > MAX_VARIABLES_BYTES) {
    throw new HttpProblem(422, `variables are ${size} bytes; at most ${MAX_VARIABLES_BYTES} are allowed`, [
      { field: 'variables', message: `larger than ${MAX_VARIABLES_BYTES} bytes` },
    ]);
  }
}

/**
 * Starts an instance of one deployed version: the summary row first (visible at once),
 * then the workflow, whose id is the instance id. The model travels with it, so the
 * instance runs the version it started on whatever is deployed later.
 */
export async function startInstance(
  { pool, temporal, taskQueue }: InstanceDeps,
  definition: ProcessDefinition,
  request: { businessKey: string | null; variables: Record<string, unknown>; startedBy: string; startEventId?: string },
): Promise<{ instanceId: string; processKey: string; version: number; businessKey: string | null }> {
  const instanceId = randomUUID();
  const start: ProcessStart = {
    processKey: definition.key,
    version: definition.version,
    businessKey: request.businessKey,
    model: definition.model,
    variables: request.variables,
    startEventId: request.startEventId ?? null,
  };
  await insertInstance(pool, { ...start, instanceId, startedBy: request.startedBy });
  try {
    await temporal.workflow.start(PROCESS_WORKFLOW, { workflowId: instanceId, taskQueue, args: [start] });
  } catch (error) {
    await deleteInstance(pool, instanceId);
    throw error;
  }
  return { instanceId, processKey: definition.key, version: definition.version, businessKey: start.businessKey };
}

export function processInstanceRoutes({ pool, temporal, taskQueue }: InstanceDeps) {
  return new Hono<{ Variables: AuthVariables }>()
    .post('/', validate('json', startBody), async (c) => {
      const body = c.req.valid('json');
      checkVariablesSize(body.variables);
      const definition = await findDefinition(pool, body.processKey, body.version);
      if (!definition) {
        throw new HttpProblem(404, `No deployed process ${body.processKey}${body.version ? ` version ${body.version}` : ''}`);
      }
      const started = await startInstance({ pool, temporal, taskQueue }, definition, {
        businessKey: body.businessKey ?? null,
        variables: body.variables,
        startedBy: c.get('user').username,
      });
      return c.json(started, 201);
    })
    .get('/', validate('query', listQuery), async (c) => c.json(await listInstances(pool, c.req.valid('query'))))
    .get('/:id', async (c) => {
      const instance = await existingInstance(pool, c.req.param('id'));
      const user = c.get('user');
      // Variables hold client data: managers, designers, admins, and whoever holds or held one of its tasks.
      if (!inGroup(user, 'managers', 'designers') && !(await heldTaskOfInstance(pool, instance.instanceId, user.username))) {
        throw new HttpProblem(403, `Instance ${instance.instanceId} is not one you work on`);
      }
      return c.json(instance);
    })
    .get('/:id/owners', async (c) => {
      const instance = await existingInstance(pool, c.req.param('id'));
      const tasks = await openTasksOfInstance(pool, instance.instanceId);
      return c.json(
        tasks.map((task) => ({
          elementId: task.elementId,
          name: task.name,
          taskId: task.id,
          assignee: task.assignee,
          candidateGroups: task.candidateGroups,
          candidateUsers: task.candidateUsers,
          dueAt: task.dueAt,
        })),
      );
    })
    .post('/:id/cancel', requireGroup('managers'), async (c) => {
      const instance = await existingInstance(pool, c.req.param('id'));
      if (instance.status === 'completed' || instance.status === 'cancelled') {
        throw new HttpProblem(409, `Instance ${instance.instanceId} is ${instance.status}`);
      }
      await temporal.workflow.getHandle(instance.instanceId).cancel().catch(ignoreGone);
      return c.json({ instanceId: instance.instanceId, cancelRequested: true }, 202);
    })
    .post('/:id/retry', requireGroup('managers'), async (c) => {
      const instance = await existingInstance(pool, c.req.param('id'));
      if (instance.status !== 'incident') throw new HttpProblem(409, `Instance ${instance.instanceId} has no open incident (it is ${instance.status})`);
      await temporal.workflow.getHandle(instance.instanceId).signal(retryIncident).catch(ignoreGone);
      return c.json({ instanceId: instance.instanceId, retryRequested: true, elementId: instance.incident?.elementId ?? null }, 202);
    });
}

async function existingInstance(pool: Pool, instanceId: string) {
  const instance = await findInstance(pool, instanceId);
  if (!instance) throw new HttpProblem(404, `No process instance ${instanceId}`);
  return instance;
}

/** The workflow ended between our read and the call: the summary will say how. */
function ignoreGone(error: unknown): void {
  if (error instanceof WorkflowNotFoundError) throw new HttpProblem(409, 'The instance has ended meanwhile');
  throw error;
}
