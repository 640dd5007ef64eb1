import { Connection } from '@temporalio/client';
import { createPool, type Pool } from '../stores/db.js';
import { SetupError } from './errors.js';

/** host:port of a URL, without the password, for messages. */
function where(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** A pool that has answered once, or a one-line SetupError saying why not. */
export async function connectPostgres(databaseUrl: string, max = 10): Promise<Pool> {
  const pool = createPool(databaseUrl, max);
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (error) {
    await pool.end().catch(() => {});
    const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SetupError(`Cannot reach PostgreSQL at DATABASE_URL (${where(databaseUrl)}): ${cause}`);
  }
}

export async function connectTemporal(address: string): Promise<Connection> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '5 seconds' });
    await connection.workflowService.getSystemInfo({});
    return connection;
  } catch (error) {
    throw new SetupError(`Cannot reach Temporal at ${address}: ${(error as Error).message.split('\n')[0]}`);
  }
}
