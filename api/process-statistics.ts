import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { elementStatistics } from '../stores/bpm/instances.js';
import type { AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { elementStatisticsSchema } from './schemas/processes.js';
import { versionParameter } from './schemas/common.js';

const statisticsQuery = z.object({ version: versionParameter.optional() });

/**
 * GET /api/process-definitions/{key}/statistics?version=N: per element how many
 * instances stand on it, how many incidents are open on it and how many instances
 * completed it (what the monitor draws on the diagram). Who may see instances may see these.
 */
export function processStatisticsRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>().get(
    '/:key/statistics',
    describe({
      summary: 'Per element of one version (?version=N, else the latest): {elementId, active, incidents, completed} (managers, designers)',
      responses: { 200: z.array(elementStatisticsSchema) },
      problems: [403, 404],
    }),
    validate('query', statisticsQuery),
    async (c) => {
      const key = c.req.param('key');
      const { version } = c.req.valid('query');
      const statistics = await elementStatistics(pool, key, version);
      if (!statistics) throw new HttpProblem(404, `No deployed process ${key}${version ? ` version ${version}` : ''}`);
      return c.json(statistics.elements);
    },
  );
}
