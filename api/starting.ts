import { Hono } from 'hono';
import { problem } from './problem.js';

/** What the port answers while the launcher brings the parts up. */
export function startingApp() {
  return new Hono()
    .get('/healthz', (c) => c.json({ ok: false, postgres: 'starting', temporal: 'starting' }, 503))
    .all('*', (c) => problem(c, 503, 'The server is starting; try again in a few seconds'));
}
