import { Hono } from 'hono';
import { describe } from './openapi.js';
import { healthSchema } from './schemas/identity.js';

export type PartState = 'up' | 'down' | 'starting';

export interface HealthProbe {
  postgres(): Promise<PartState>;
  temporal(): Promise<PartState>;
}

/** GET /healthz (no auth): 200 once PostgreSQL and Temporal both answer, 503 naming what does not. */
export function healthRoutes(probe: HealthProbe) {
  return new Hono().get(
    '/',
    describe({
      summary: 'Readiness: 200 when PostgreSQL and Temporal answer, 503 naming the part that does not (no auth)',
      public: true,
      responses: { 200: healthSchema, 503: { schema: healthSchema, description: 'Not ready: names the part that is down' } },
    }),
    async (c) => {
    const [postgres, temporal] = await Promise.all([probe.postgres(), probe.temporal()]);
    const ok = postgres === 'up' && temporal === 'up';
    return c.json({ ok, postgres, temporal }, ok ? 200 : 503);
    },
  );
}
