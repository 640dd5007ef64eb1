import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRequest, runOnce } from '../../stores/idempotency.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

describe('runOnce', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.drop());

  const note = (key: string, summary: string) =>
    runOnce(db.pool, 'crm', { key, operation: 'test.note', request: { summary } }, async (client, effect) => {
      const { rows } = await client.query(
        `INSERT INTO crm.clients (name, idempotency_key, request_hash) VALUES ($1, $2, $3) RETURNING id, created_at`,
        [summary, effect.key, effect.requestHash],
      );
      return { id: rows[0].id as number, at: rows[0].created_at as Date };
    });

  it('should return the first result, JSON-shaped, to a repeat', async () => {
    // when
    const first = await note('k1', 'Acme');
    const again = await note('k1', 'Acme');
    // then
    expect(again).toEqual(first);
    expect(typeof first.at).toBe('string');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM crm.clients WHERE name = 'Acme'`)).rows[0].n).toBe(1);
  });

  it('should refuse the same key with a different request', async () => {
    // when / then
    await expect(note('k1', 'Other')).rejects.toMatchObject({ name: 'DomainError', code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('should run the effect once when twenty calls race with one key', async () => {
    // when
    const results = await Promise.all(Array.from({ length: 20 }, () => note('k-race', 'Racer')));
    // then
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM crm.clients WHERE name = 'Racer'`)).rows[0].n).toBe(1);
  });

  it('should leave nothing behind when the effect fails, so a retry runs it', async () => {
    // given
    const failing = runOnce(db.pool, 'crm', { key: 'k-fail', operation: 'test.fail', request: {} }, async () => {
      throw new Error('store down');
    });
    await expect(failing).rejects.toThrow('store down');
    // when
    const retried = await note('k-fail', 'Retried');
    // then
    expect(retried.id).toBeGreaterThan(0);
  });

  it('should hash a request the same whatever the key order', () => {
    // when / then
    expect(hashRequest('op', { a: 1, b: [1, { c: 2, d: 3 }] })).toBe(hashRequest('op', { b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(hashRequest('op', { a: 1 })).not.toBe(hashRequest('other', { a: 1 }));
  });
});
