import { InternalConnectionLikeSymbol, WorkflowNotFoundError, type Client, type InternalConnectionLike } from '@temporalio/client';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { appendAudit } from '../stores/bpm/audit.js';
import { findDefinition, type ProcessDefinition } from '../stores/bpm/definitions.js';
import { findInstance, insertInstance, listInstances, type ProcessInstanceView } from '../stores/bpm/instances.js';
import { openTasksOfInstance, takesPartIn } from '../stores/bpm/tasks.js';
import { instanceState, retryIncident, type InstanceState } from '../workflows/messages.js';
import { PROCESS_WORKFLOW, processStartOf } from '../workflows/process-start.js';
import { inGroup, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { cancelRequestedSchema, instanceStartedSchema, processInstanceSchema, retryRequestedSchema, stepOwnerSchema } from './schemas/processes.js';
import { versionNumber } from './schemas/common.js';

/** Temporal refuses payloads over 2 MB and warns from 512 KB; variables stay well below. */
export const MAX_VARIABLES_BYTES = 256 * 1024;

const variables = z.record(z.string(), z.unknown()).default({});

const startBody = z.object({
  processKey: z.string().min(1),
  version: versionNumber.optional(),
  businessKey: z.string().min(1).max(200).optional(),
  variables,
});

const retryBody = z.object({ incidentId: z.string().min(1).optional() }).default({});

/** How long the instance page waits for the running workflow's own answer before it shows the row. */
const QUERY_TIMEOUT_MS = 2_000;

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
  const start = processStartOf(definition, request);
  // The row, the workflow start and instance.started commit together: a failed start leaves none.
  await insertInstance(pool, { ...start, instanceId, startedBy: request.startedBy }, async (client) => {
    // Eager start: a worker in this process gets the first workflow task with the start's answer.
    await temporal.workflow.start(PROCESS_WORKFLOW, { workflowId: instanceId, taskQueue, args: [start], requestEagerStart: canStartEagerly(temporal) });
    await appendAudit(client, {
      actor: request.startedBy,
      action: 'instance.started',
      target: instanceId,
      details: { processKey: definition.key, version: definition.version, businessKey: start.businessKey },
    });
  });
  return { instanceId, processKey: definition.key, version: definition.version, businessKey: start.businessKey };
}

/** Only a client on the worker's NativeConnection can start eagerly (the SDK refuses otherwise). */
function canStartEagerly(temporal: Client): boolean {
  return (temporal.connection as InternalConnectionLike)[InternalConnectionLikeSymbol]?.supportsEagerStart === true;
}

export function processInstanceRoutes({ pool, temporal, taskQueue }: InstanceDeps) {
  return new Hono<{ Variables: AuthVariables }>()
    .post('/', describe({ summary: 'Start an instance {processKey, version?, businessKey?, variables?}', responses: { 201: instanceStartedSchema }, problems: [404, 422, 503] }), validate('json', startBody), async (c) => {
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
    .get('/', describe({ summary: 'List instances (?processKey=&status=running|incident|completed|cancelled); others than managers and designers see the cases they work on', responses: { 200: z.array(processInstanceSchema) } }), validate('query', listQuery), async (c) => {
      // The same read rights as one case: others see only the cases they work on.
      const user = c.get('user');
      const participant = inGroup(user, 'managers', 'designers') ? undefined : user.username;
      return c.json(await listInstances(pool, { ...c.req.valid('query'), participant }));
    })
    .get(
      '/:id',
      describe({
        summary: 'One instance, current to the last step: status, variables, active and completed elements, incidents with ids, history',
        responses: { 200: processInstanceSchema },
        problems: [403, 404],
      }),
      async (c) => {
      const instance = await existingInstance(pool, c.req.param('id'));
      const user = c.get('user');
      // Variables hold client data: managers, designers, admins, whoever started it and whoever holds or held one of its tasks.
      if (!inGroup(user, 'managers', 'designers') && !(await takesPartIn(pool, instance.instanceId, user.username))) {
        throw new HttpProblem(403, `Instance ${instance.instanceId} is not one you work on`);
      }
      return c.json(await currentInstance(pool, temporal, instance));
      },
    )
    .get(
      '/:id/owners',
      describe({
        summary: 'Who owns each open step now: {elementId, name, taskId, assignee, candidateGroups, candidateUsers, dueAt}',
        responses: { 200: z.array(stepOwnerSchema) },
        problems: [404],
      }),
      async (c) => {
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
      },
    )
    .post(
      '/:id/cancel',
      describe({ summary: 'Cancel a running instance (managers)', responses: { 202: cancelRequestedSchema }, problems: [403, 404, 409, 503] }),
      async (c) => {
      const instance = await existingInstance(pool, c.req.param('id'));
      if (instance.status === 'completed' || instance.status === 'cancelled') {
        throw new HttpProblem(409, `Instance ${instance.instanceId} is ${instance.status}`);
      }
      await temporal.workflow.getHandle(instance.instanceId).cancel().catch(ignoreGone);
      await appendAudit(pool, {
        actor: c.get('user').username,
        action: 'instance.cancelled',
        target: instance.instanceId,
        idempotencyKey: `instance.cancelled:${instance.instanceId}`,
      });
      return c.json({ instanceId: instance.instanceId, cancelRequested: true }, 202);
      },
    )
    .post(
      '/:id/retry',
      describe({
        summary: 'Run the step of one open incident again {incidentId}, or of every open incident without one (managers)',
        responses: { 202: retryRequestedSchema },
        problems: [403, 404, 409, 503],
      }),
      validate('json', retryBody),
      async (c) => {
      const instance = await currentInstance(pool, temporal, await existingInstance(pool, c.req.param('id')));
      const { incidentId } = c.req.valid('json');
      if (instance.incidents.length === 0) throw new HttpProblem(409, `Instance ${instance.instanceId} has no open incident (it is ${instance.status})`);
      const retried = incidentId === undefined ? instance.incidents : instance.incidents.filter((incident) => incident.id === incidentId);
      if (retried.length === 0) {
        throw new HttpProblem(404, `Instance ${instance.instanceId} has no open incident ${incidentId}`, [
          { field: 'incidentId', message: `open incidents: ${instance.incidents.map((incident) => incident.id).join(', ')}` },
        ]);
      }
      await temporal.workflow.getHandle(instance.instanceId).signal(retryIncident, { incidentId: incidentId ?? null }).catch(ignoreGone);
      const incidentIds = retried.map((incident) => incident.id);
      await appendAudit(pool, {
        actor: c.get('user').username,
        action: 'instance.retried',
        target: instance.instanceId,
        details: { incidentIds },
        idempotencyKey: `instance.retried:${instance.instanceId}:${incidentIds.join(',')}`,
      });
      return c.json(
        { instanceId: instance.instanceId, retryRequested: true, elementId: retried[0]!.elementId, incidentIds },
        202,
      );
      },
    );
}

async function existingInstance(pool: Pool, instanceId: string) {
  const instance = await findInstance(pool, instanceId);
  if (!instance) throw new HttpProblem(404, `No process instance ${instanceId}`);
  return instance;
}

/**
 * The row, brought fully up to date by the workflow's own answer while it runs (a query);
 * the row alone when the workflow cannot answer in time (the row lags a step by at most
 * one summary write).
 */
async function currentInstance(pool: Pool, temporal: Client, row: ProcessInstanceView): Promise<ProcessInstanceView> {
  const instanceId = row.instanceId;
  if (row.status !== 'running' && row.status !== 'incident') return row;
  // A deadline on the call itself, not a race beside it: a query that lost a race went on
  // retrying in the client's timers after the answer was sent, and a retry firing after the
  // connection closed (a server stopping) threw where nothing could catch it.
  const state = await temporal.connection
    .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => temporal.workflow.getHandle(instanceId).query(instanceState))
    .catch(() => null);
  return state ? fromWorkflowState(row, state) : row;
}

function fromWorkflowState(row: ProcessInstanceView, state: InstanceState): ProcessInstanceView {
  // A workflow started before incidents had ids answers without them: keep the row's.
  const incidents = state.incidents.every((incident) => typeof incident.id === 'string') ? state.incidents : row.incidents;
  return {
    ...row,
    status: state.status,
    variables: state.variables,
    activeElements: state.activeElements,
    completedElements: state.completedElements,
    incidents,
    incident: incidents[0] ?? null,
    history: state.history ?? row.history,
    warnings: state.warnings,
  };
}

/** The workflow ended between our read and the call: the summary will say how. */
function ignoreGone(error: unknown): void {
  if (error instanceof WorkflowNotFoundError) throw new HttpProblem(409, 'The instance has ended meanwhile');
  throw error;
}
