import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
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

/**
 * The API's connection. While Temporal is away a call gives up after ~1.5 s of retries
 * (the SDK's default is ~20 s) and the API answers 503 at once; reconnect attempts stay
 * at most 5 s apart, so it serves again within seconds of Temporal's return.
 */
export async function connectTemporal(address: string): Promise<Connection> {
  try {
    const connection = await Connection.connect({
      address,
      connectTimeout: '5 seconds',
      interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 5 }))],
      channelArgs: { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5_000 },
    });
    await connection.workflowService.getSystemInfo({});
    return connection;
  } catch (error) {
    throw new SetupError(`Cannot reach Temporal at ${address}: ${(error as Error).message.split('\n')[0]}`);
  }
}
