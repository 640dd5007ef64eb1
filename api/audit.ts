import { Hono } from 'hono';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { AUDIT_ACTIONS, auditAfter } from '../stores/bpm/audit.js';
import type { AuthVariables } from './auth.js';
import { describe } from './openapi.js';
import { timestamp } from './schemas/common.js';
import { validate } from './validate.js';

const auditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const auditEntrySchema = z
  .object({ id: z.number().int(), at: timestamp, actor: z.string(), action: z.enum(AUDIT_ACTIONS), target: z.string(), details: z.record(z.string(), z.unknown()) })
  .meta({ id: 'AuditEntry' });

/** GET /api/audit?after=<id>&limit=: who did what, when, oldest first (admins: api/authorization.ts). */
export function auditRoutes(pool: Pool) {
  const description = describe({
    summary: 'Who deployed, started, cancelled, retried, completed, delegated, created or changed a user, when, oldest first ?after=<id>&limit= (group admin)',
    responses: { 200: z.array(auditEntrySchema) },
    problems: [403],
  });
  return new Hono<{ Variables: AuthVariables }>().get('/', description, validate('query', auditQuery), async (c) => {
    const { after, limit } = c.req.valid('query');
    return c.json(await auditAfter(pool, after, limit));
  });
}
