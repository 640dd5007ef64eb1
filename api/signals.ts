import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { broadcastSignal } from '../activities/signals.js';
import type { AuthVariables } from './auth.js';
import { checkVariablesSize, startInstance, type InstanceDeps } from './process-instances.js';
import { validate } from './validate.js';

const signal = z.object({
  name: z.string().min(1).max(200),
  variables: z.record(z.string(), z.unknown()).default({}),
});

/**
 * POST /api/signals: broadcasts a signal (BPMN 2.0 §10.5.5, Camunda 8's broadcast
 * signal): every instance with a signal catch waiting for the name gets it, and every
 * process whose latest version has a signal start event of that name starts an instance.
 * Nothing listening is no error: `{delivered: 0, started: []}`.
 */
export function signalRoutes(deps: InstanceDeps) {
  return new Hono<{ Variables: AuthVariables }>().post('/', validate('json', signal), async (c) => {
    const { name, variables } = c.req.valid('json');
    checkVariablesSize(variables);
    const startedBy = c.get('user').username;
    const result = await broadcastSignal({ pool: deps.pool, client: deps.temporal }, { signalId: randomUUID(), name, variables }, async (definition, startEventId) => {
      const instance = await startInstance(deps, definition, { businessKey: null, variables, startedBy, startEventId });
      return instance.instanceId;
    });
    return c.json(result);
  });
}
