import { Hono } from 'hono';
import { z } from 'zod';
import { findDecisionVersion, listLatestDecisions } from '../stores/bpm/decisions.js';
import type { Pool } from '../stores/db.js';
import type { AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { describe } from './openapi.js';
import { versionParameter } from './schemas/common.js';
import { decisionDefinitionSchema, decisionDefinitionSummarySchema } from './schemas/processes.js';
import { validate } from './validate.js';

const versionQuery = z.object({ version: versionParameter.optional() });

/** Deployed DMN decisions (POST /api/deployments with .dmn resources), read like process definitions. */
export function decisionDefinitionRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/', describe({ summary: 'The latest version of each deployed DMN decision', responses: { 200: z.array(decisionDefinitionSummarySchema) } }), async (c) =>
      c.json(await listLatestDecisions(pool)),
    )
    .get('/:decisionId', describe({ summary: 'One decision version with its DMN XML (?version=N, else the latest)', responses: { 200: decisionDefinitionSchema }, problems: [404] }), validate('query', versionQuery), async (c) => {
      const { version } = c.req.valid('query');
      const decision = await findDecisionVersion(pool, c.req.param('decisionId'), version);
      if (!decision) throw new HttpProblem(404, `No decision ${c.req.param('decisionId')}${version ? ` version ${version}` : ''}`);
      return c.json(decision);
    });
}
