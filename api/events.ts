import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { eventsAfter } from '../stores/bpm/events.js';
import { requireGroup, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';

/** How often a stream looks for new events, and how often it says it is alive. */
const POLL_MS = 200;
const KEEP_ALIVE_MS = 15_000;

const cursor = z.coerce.number().int().min(0);
const listQuery = z.object({ after: cursor.default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) });
const streamQuery = z.object({ after: cursor.optional() });

/**
 * The outbox for integrations (managers, admins, `integrations`): ids in commit order, so
 * a reader asking `after` the last id it saw never misses one (stores/bpm/events.ts).
 * The stream is server-sent events over an authenticated fetch (the usual Authorization
 * header, never a token in the URL), resumable with Last-Event-ID.
 */
export function eventRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .use('*', requireGroup('managers', 'integrations'))
    .get('/', validate('query', listQuery), async (c) => {
      const { after, limit } = c.req.valid('query');
      return c.json(await eventsAfter(pool, after, limit));
    })
    .get('/stream', validate('query', streamQuery), async (c) => {
      const lastEventId = c.req.header('last-event-id');
      const resumed = lastEventId === undefined ? undefined : cursor.safeParse(lastEventId);
      if (resumed && !resumed.success) throw new HttpProblem(400, 'Last-Event-ID must be an event id', [{ field: 'Last-Event-ID', message: 'not an event id' }]);
      let after = resumed?.data ?? c.req.valid('query').after ?? 0;
      return streamSSE(c, async (stream) => {
        let open = true;
        stream.onAbort(() => {
          open = false;
        });
        let quietSince = Date.now();
        while (open) {
          const events = await eventsAfter(pool, after);
          for (const event of events) {
            await stream.writeSSE({ id: String(event.id), event: event.kind, data: JSON.stringify(event) });
            after = event.id;
          }
          if (events.length) quietSince = Date.now();
          else if (Date.now() - quietSince > KEEP_ALIVE_MS) {
            await stream.write(': keep-alive\n\n');
            quietSince = Date.now();
          }
          if (events.length < 500) await stream.sleep(POLL_MS);
        }
      });
    });
}
