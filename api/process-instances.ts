import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { findDefinition } from '../stores/deployments.js';
import { deleteInstance, findInstance, insertInstance, listInstances } from '../stores/instances.js';
import { PROCESS_WORKFLOW, type ProcessStart } from '../workflows/process-start.js';
import type { AuthVariables } from './auth.js';
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

export function processInstanceRoutes({ pool, temporal, taskQueue }: InstanceDeps) {
  return new Hono<{ Variables: AuthVariables }>()
    .post('/', validate('json', startBody), async (c) => {
      const body = c.req.valid('json');
      const size = Buffer.byteLength(JSON.stringify(body.variables));
      if (size > MAX_VARIABLES_BYTES) {
        throw new HttpProblem(422, `variables are ${size} bytes; at most ${MAX_VARIABLES_BYTES} are allowed`, [
          { field: 'variables', message: `larger than ${MAX_VARIABLES_BYTES} bytes` },
        ]);
      }
      const definition = await findDefinition(pool, body.processKey, body.version);
      if (!definition) {
        throw new HttpProblem(404, `No deployed process ${body.processKey}${body.version ? ` version ${body.version}` : ''}`);
      }
      const instanceId = randomUUID();
      const start: ProcessStart = {
        processKey: definition.key,
        version: definition.version,
        businessKey: body.businessKey ?? null,
        model: definition.model,
        variables: body.variables,
      };
      await insertInstance(pool, { ...start, instanceId, startedBy: c.get('user').username });
      try {
        await temporal.workflow.start(PROCESS_WORKFLOW, { workflowId: instanceId, taskQueue, args: [start] });
      } catch (error) {
        await deleteInstance(pool, instanceId);
        throw error;
      }
      return c.json({ instanceId, processKey: definition.key, version: definition.version, businessKey: start.businessKey }, 201);
    })
    .get('/', validate('query', listQuery), async (c) => c.json(await listInstances(pool, c.req.valid('query'))))
    .get('/:id', async (c) => {
      const instance = await findInstance(pool, c.req.param('id'));
      if (!instance) throw new HttpProblem(404, `No process instance ${c.req.param('id')}`);
      return c.json(instance);
    });
}
