import { Hono } from 'hono';
import { z } from 'zod';
import { findDecisionVersion, listLatestDecisions } from '../stores/bpm/decisions.js';
import type { Pool } from '../stores/db.js';
import type { AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';

const versionQuery = z.object({ version: z.coerce.number().int().positive().optional() });

/** Deployed DMN decisions (POST /api/deployments with .dmn resources), read like process definitions. */
export function decisionDefinitionRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/', async (c) => c.json(await listLatestDecisions(pool)))
    .get('/:decisionId', validate('query', versionQuery), async (c) => {
      const { version } = c.req.valid('query');
      const decision = await findDecisionVersion(pool, c.req.param('decisionId'), version);
      if (!decision) throw new HttpProblem(404, `No decision ${c.req.param('decisionId')}${version ? ` version ${version}` : ''}`);
      return c.json(decision);
    });
}
