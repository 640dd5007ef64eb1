import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { listBreaches, ownerSummary, stepSummary } from '../stores/bpm/sla.js';
import type { AuthVariables } from './auth.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { ownerSummarySchema, slaBreachSchema, stepSummarySchema } from './schemas/sla.js';

const isoDate = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), 'an ISO date or date-time, e.g. 2026-12-01 or 2026-12-01T09:00:00Z');

const period = z.object({ from: isoDate.optional(), to: isoDate.optional(), processKey: z.string().min(1).max(200).optional() });

const breachQuery = period.extend({
  open: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  owner: z.string().min(1).max(64).optional(),
  group: z.string().min(1).max(64).optional(),
});

/** SLA views for managers and admins (CONTRACT §2 "SLA"); every figure computed in SQL. */
export function slaRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/breaches', describe({ summary: 'SLA breaches ?processKey=&open=&owner=&group=&from=&to= (managers)', responses: { 200: z.array(slaBreachSchema) }, problems: [403] }), validate('query', breachQuery), async (c) => c.json(await listBreaches(pool, c.req.valid('query'))))
    .get(
      '/summary',
      describe({
        summary: 'Per step: open, breached, completed, on-time rate, cycle time p50/p90 ?processKey=&from=&to= (managers)',
        responses: { 200: z.array(stepSummarySchema) },
        problems: [403],
      }),
      validate('query', period), async (c) => c.json(await stepSummary(pool, c.req.valid('query'))))
    .get(
      '/owners',
      describe({ summary: 'Per user and per group: open, breached, completed, on-time rate ?processKey=&from=&to= (managers)', responses: { 200: z.array(ownerSummarySchema) }, problems: [403] }),
      validate('query', period), async (c) => c.json(await ownerSummary(pool, c.req.valid('query'))));
}
