import type { Env } from '../config/env.js';
import { ConfigError } from '../config/env.js';

/** The production-shaped processes (server, worker) run against services given by URL. */
export function requireExternalServices(env: Env): { databaseUrl: string; temporalAddress: string } {
  if (!env.DATABASE_URL) throw new ConfigError('DATABASE_URL is required (npm start runs an embedded PostgreSQL instead)');
  if (!env.TEMPORAL_ADDRESS) throw new ConfigError('TEMPORAL_ADDRESS is required (npm start runs a Temporal dev server instead)');
  return { databaseUrl: env.DATABASE_URL, temporalAddress: env.TEMPORAL_ADDRESS };
}
