/**
 * What every benchmark stands on: embedded PostgreSQL and the Temporal dev server (unless
 * DATABASE_URL / TEMPORAL_ADDRESS are set), and a scratch database with the product's
 * migrations that is dropped at the end. Everything started is pushed onto `cleanups`.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startLocalPostgres } from '../local-stack/postgres.js';
import { startLocalTemporal } from '../local-stack/temporal-server.js';
import { createPool, type Pool } from '../stores/db.js';
import { migrate } from '../stores/migrate.js';

export type Cleanups = Array<() => Promise<unknown>>;

export async function benchStack(cleanups: Cleanups, log: (line: string) => void): Promise<{ databaseUrl: string; temporalAddress: string }> {
  let databaseUrl = process.env.DATABASE_URL;
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  const started = performance.now();
  const [postgres, temporal] = await Promise.all([
    databaseUrl
      ? undefined
      : (async () => {
          const scratch = await mkdtemp(join(tmpdir(), 'bpm-bench-'));
          await chmod(scratch, 0o777); // embedded PostgreSQL runs as the `postgres` user under root
          cleanups.push(() => rm(scratch, { recursive: true, force: true }));
          const local = await startLocalPostgres(join(scratch, 'pg'));
          cleanups.push(() => local.stop());
          return local;
        })(),
    temporalAddress
      ? undefined
      : startLocalTemporal({}).then((local) => {
          cleanups.push(() => local.stop());
          return local;
        }),
  ]);
  databaseUrl ??= postgres!.url;
  temporalAddress ??= temporal!.address;
  log(`stack: PostgreSQL ${postgres ? 'embedded' : 'from DATABASE_URL'}, Temporal ${temporal ? 'dev server' : `at ${temporalAddress}`} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return { databaseUrl, temporalAddress };
}

/** A database of its own with the product's migrations; dropped by the cleanups. */
export async function scratchDatabase(databaseUrl: string, prefix: string, cleanups: Cleanups): Promise<Pool> {
  const pool = createPool(await scratchDatabaseUrl(databaseUrl, prefix, cleanups), 20);
  cleanups.push(() => pool.end());
  return pool;
}

/** An empty database beside `databaseUrl`, dropped at cleanup; its URL. */
export async function emptyScratchDatabase(databaseUrl: string, prefix: string, cleanups: Cleanups): Promise<URL> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: databaseUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.end());
  });
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url;
}

/** The same database as a URL, migrated, for a benchmark that hands it to a process of its own. */
export async function scratchDatabaseUrl(databaseUrl: string, prefix: string, cleanups: Cleanups): Promise<string> {
  const url = await emptyScratchDatabase(databaseUrl, prefix, cleanups);
  await migrate(url.toString());
  return url.toString();
}
