import pg from 'pg';
import { inTransaction, type Pool, type PoolClient } from './db.js';

/** What every store function takes: the pool, or a client inside the caller's transaction. */
export type Db = Pool | PoolClient;

/**
 * Runs `work` atomically. On a pool it opens a transaction; on a client it nests in the
 * caller's transaction with a savepoint, so a refused effect undoes only itself. A client
 * outside any transaction fails loudly (SAVEPOINT needs one) instead of losing its locks.
 */
export async function atomically<T>(db: Db, work: (client: PoolClient) => Promise<T>): Promise<T> {
  if (db instanceof pg.Pool) return inTransaction(db, work);
  const client = db as PoolClient;
  await client.query('SAVEPOINT atomically');
  try {
    const result = await work(client);
    await client.query('RELEASE SAVEPOINT atomically');
    return result;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT atomically').catch(() => {});
    throw error;
  }
}

/** PostgreSQL's SQLSTATE on a driver error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}
