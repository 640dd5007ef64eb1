import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Pool } from '../stores/db.js';
import { eventsAfter, latestEventId, type BpmEvent } from '../stores/bpm/events.js';
import { findTask } from '../stores/bpm/tasks.js';
import type { User } from '../stores/bpm/identity.js';
import type { AuthVariables } from './auth.js';
import { mayRead } from './tasks.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { bpmEventSchema } from './schemas/sla.js';

/** How often a stream looks for new events, and how often it says it is alive. */
const POLL_MS = 200;
const KEEP_ALIVE_MS = 15_000;

const cursor = z.coerce.number().int().min(0);
const listQuery = z.object({ after: cursor.default(0), limit: z.coerce.number().int().min(1).max(1000).default(500) });
const streamQuery = z.object({ after: cursor.optional() });

const eventStream = {
  mediaType: 'text/event-stream',
  schema: z.string().meta({ description: 'Server-sent events: `id` the event id, `event` its kind, `data` the event as JSON (the items of GET /api/events)' }),
  description: 'An endless stream; a comment line every 15 s keeps it alive',
};

/**
 * The outbox for integrations (managers, admins, `integrations`): ids in commit order, so
 * a reader asking `after` the last id it saw never misses one (stores/bpm/events.ts).
 * The stream is server-sent events over an authenticated fetch (the usual Authorization
 * header, never a token in the URL), resumable with Last-Event-ID.
 */
export function eventRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/', describe({ summary: 'Events in commit order after ?after=<id> (managers, integrations)', responses: { 200: z.array(bpmEventSchema) }, problems: [403] }), validate('query', listQuery), async (c) => {
      const { after, limit } = c.req.valid('query');
      return c.json(await eventsAfter(pool, after, limit));
    })
    .get(
      '/stream',
      describe({ summary: 'The same as server-sent events; resumes from Last-Event-ID (managers, integrations)', responses: { 200: eventStream }, problems: [403] }),
      validate('query', streamQuery),
      async (c) => {
      const after = resumePoint(c) ?? c.req.valid('query').after ?? 0;
      return streamEvents(c, pool, after, async (events) => events);
      },
    );
}

/**
 * Every employee's live inbox: the `task.*` events of the tasks the caller may read (or
 * did something to, or was handed or relieved of), as server-sent events like
 * `/api/events/stream`, so the inbox refreshes the moment something changes without the
 * caller reading the whole outbox (which stays for managers and integrations). With no
 * Last-Event-ID and no `after` it starts at the newest event: the page has just loaded
 * the list itself.
 */
export function myTaskEventRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>().get(
    '/stream',
    describe({
      summary: "Server-sent task.* events of the tasks the caller may read, from now or Last-Event-ID (every employee's live inbox)",
      responses: { 200: eventStream },
    }),
    validate('query', streamQuery),
    async (c) => {
    const user = c.get('user');
    const after = resumePoint(c) ?? c.req.valid('query').after ?? (await latestEventId(pool));
    return streamEvents(c, pool, after, (events) => concerning(pool, user, events));
    },
  );
}

async function concerning(pool: Pool, user: User, events: BpmEvent[]): Promise<BpmEvent[]> {
  const kept: BpmEvent[] = [];
  for (const event of events) {
    if (!event.kind.startsWith('task.') || !event.taskId) continue;
    const involved = event.by === user.username || event.to === user.username || event.from === user.username;
    const task = involved ? undefined : await findTask(pool, event.taskId);
    if (involved || (task && mayRead(task, user))) kept.push(event);
  }
  return kept;
}

/** The id in Last-Event-ID, when a follower resumes. */
function resumePoint(c: Context): number | undefined {
  const lastEventId = c.req.header('last-event-id');
  if (lastEventId === undefined) return undefined;
  const resumed = cursor.safeParse(lastEventId);
  if (!resumed.success) throw new HttpProblem(400, 'Last-Event-ID must be an event id', [{ field: 'Last-Event-ID', message: 'not an event id' }]);
  return resumed.data;
}

/** Polls the outbox after `after` and writes what `keep` lets through, until the reader goes. */
function streamEvents(c: Context, pool: Pool, after: number, keep: (events: BpmEvent[]) => Promise<BpmEvent[]>) {
  return streamSSE(c, async (stream) => {
    let open = true;
    stream.onAbort(() => {
      open = false;
    });
    let quietSince = Date.now();
    while (open) {
      const events = await eventsAfter(pool, after);
      const kept = await keep(events);
      for (const event of kept) await stream.writeSSE({ id: String(event.id), event: event.kind, data: JSON.stringify(event) });
      if (events.length) after = events.at(-1)!.id;
      if (kept.length) quietSince = Date.now();
      else if (Date.now() - quietSince > KEEP_ALIVE_MS) {
        await stream.write(': keep-alive\n\n');
        quietSince = Date.now();
      }
      if (events.length < 500) await stream.sleep(POLL_MS);
    }
  });
}
