import { Hono } from 'hono';

export type PartState = 'up' | 'down' | 'starting';

export interface HealthProbe {
  postgres(): Promise<PartState>;
  temporal(): Promise<PartState>;
}

/** GET /healthz (no auth): 200 once PostgreSQL and Temporal both answer, 503 naming what does not. */
export function healthRoutes(probe: HealthProbe) {
  return new Hono().get('/', async (c) => {
    const [postgres, temporal] = await Promise.all([probe.postgres(), probe.temporal()]);
    const ok = postgres === 'up' && temporal === 'up';
    return c.json({ ok, postgres, temporal }, ok ? 200 : 503);
  });
}
