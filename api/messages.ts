import { Hono } from 'hono';
import { z } from 'zod';
import { findDefinition } from '../stores/bpm/definitions.js';
import { messageStartEvents, waitingInstances } from '../stores/bpm/subscriptions.js';
import { deliverMessage } from '../workflows/messages.js';
import type { AuthVariables } from './auth.js';
import { checkVariablesSize, startInstance, type InstanceDeps } from './process-instances.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { messageOutcomeSchema } from './schemas/processes.js';

const message = z.object({
  name: z.string().min(1).max(200),
  correlationKey: z.union([z.string(), z.number()]).transform(String).nullish(),
  variables: z.record(z.string(), z.unknown()).default({}),
});

/**
 * POST /api/messages: correlates a message to every instance whose subscription waits for
 * (name, correlation key); when none waits, a message start event of that name starts a
 * new instance; when neither, 404.
 */
export function messageRoutes(deps: InstanceDeps) {
  return new Hono<{ Variables: AuthVariables }>().post(
    '/',
    describe({
      summary: 'Correlate {name, correlationKey, variables}: {correlated: n}, or {started: [instanceId]} by a message start event; 404 when nothing listens',
      responses: { 200: messageOutcomeSchema },
      problems: [404, 422, 503],
    }),
    validate('json', message),
    async (c) => {
    const { name, variables } = c.req.valid('json');
    const correlationKey = c.req.valid('json').correlationKey ?? null;
    checkVariablesSize(variables);

    const waiting = await waitingInstances(deps.pool, name, correlationKey);
    if (waiting.length) {
      await Promise.all(
        waiting.map((instanceId) => deps.temporal.workflow.getHandle(instanceId).signal(deliverMessage, { name, correlationKey, variables })),
      );
      return c.json({ correlated: waiting.length });
    }

    const starts = await messageStartEvents(deps.pool, name);
    if (starts.length) {
      const started: string[] = [];
      for (const start of starts) {
        const definition = (await findDefinition(deps.pool, start.key, start.version))!;
        const instance = await startInstance(deps, definition, {
          businessKey: correlationKey,
          variables,
          startedBy: c.get('user').username,
          startEventId: start.startEventId,
        });
        started.push(instance.instanceId);
      }
      return c.json({ correlated: 0, started });
    }
    throw new HttpProblem(404, `Nothing waits for message "${name}"${correlationKey === null ? '' : ` with correlation key ${correlationKey}`}, and no process starts on it`);
    },
  );
}
