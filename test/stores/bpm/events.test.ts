import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../stores/db.js';
import { appendEvent, eventsAfter } from '../../../stores/bpm/events.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('events outbox', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.drop());

  it('should leave no event when the change it reports is rolled back', async () => {
    // given
    const before = await eventsAfter(db.pool, 0);
    // when
    await expect(
      inTransaction(db.pool, async (client) => {
        await appendEvent(client, { kind: 'instance.started', instanceId: 'rolled-back' });
        throw new Error('the start failed');
      }),
    ).rejects.toThrow('the start failed');
    // then
    expect((await eventsAfter(db.pool, 0)).length).toBe(before.length);
  });

  it('should append once per idempotency key', async () => {
    // when
    const ids = await Promise.all(
      [1, 2, 3].map(() =>
        inTransaction(db.pool, (client) => appendEvent(client, { kind: 'task.created', instanceId: 'i-1', taskId: 't-1', idempotencyKey: 'task.created:t-1' })),
      ),
    );
    // then
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    expect((await eventsAfter(db.pool, 0)).filter((event) => event.taskId === 't-1')).toHaveLength(1);
  });

  it('should never let a reader following after= miss an event that commits late, under concurrent writers', async () => {
    // given: a reader that always asks after the last id it saw
    const start = (await eventsAfter(db.pool, 0)).at(-1)?.id ?? 0;
    const lastId = async () => (await db.pool.query<{ id: number }>(`SELECT COALESCE(max(id), 0)::int AS id FROM bpm.events`)).rows[0]!.id;
    const seen: number[] = [];
    let writing = true;
    const reader = (async () => {
      let after = start;
      while (writing || after < (await lastId())) {
        const batch = await eventsAfter(db.pool, after);
        for (const event of batch) seen.push(event.id);
        after = batch.at(-1)?.id ?? after;
        await pause(2);
      }
    })();

    // when: 8 writers append 10 events each, each holding its transaction open for a
    // random while after the append (the late commit that would open a gap)
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let n = 0; n < 10; n += 1) {
          await inTransaction(db.pool, async (client) => {
            await pause(Math.random() * 5);
            await appendEvent(client, { kind: 'task.commented', instanceId: `writer-${writer}`, data: { n } });
            await pause(Math.random() * 5);
          });
        }
      }),
    );
    writing = false;
    await reader;

    // then: the reader saw every committed event, each once, in id order
    const committed = (await eventsAfter(db.pool, start)).map((event) => event.id);
    expect(committed).toHaveLength(80);
    expect(seen).toEqual(committed);
  });
});
