import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../stores/migrate.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

describe('migrate', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.drop());

  it('should create the bpm schema on a real PostgreSQL', async () => {
    // when
    const { rows } = await db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'bpm' ORDER BY table_name`,
    );
    // then
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['deployments', 'notifications', 'process_definitions', 'process_instances', 'sessions', 'users']),
    );
  });

  it('should apply nothing the second time (forward-only, already migrated)', async () => {
    // when
    const applied = await migrate(db.url);
    // then
    expect(applied).toEqual([]);
  });

  it('should let concurrent starts wait on the advisory lock instead of failing', async () => {
    // when
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    // then
    expect(results).toEqual([[], [], []]);
  });
});
