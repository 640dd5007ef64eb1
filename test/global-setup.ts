import type { TestProject } from 'vitest/node';
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startLocalPostgres, type LocalPostgres } from '../local-stack/postgres.js';
import { startLocalTemporal, type LocalTemporal } from '../local-stack/temporal-server.js';
import { migrate } from '../stores/migrate.js';
import { ensureWebAppBuilt } from '../api/ui-build.js';
import { TEMPLATE_DATABASE } from './support/template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
  }
}

/**
 * Starts one real PostgreSQL and one real Temporal dev server per test run (or uses
 * DATABASE_URL / TEMPORAL_ADDRESS), and migrates a template database that each test
 * file clones for a clean slate.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopping: Array<() => Promise<void>> = [];
  const scratch = await mkdtemp(join(tmpdir(), 'bpm-test-'));
  await chmod(scratch, 0o777); // embedded PostgreSQL runs as the `postgres` user under root

  let databaseUrl = process.env.DATABASE_URL;
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  // The browser tests drive the built web app; building while the servers start costs no extra wait.
  const building = ensureWebAppBuilt((line) => console.log(`[global-setup] ${line}`));
  const [postgres, temporal] = await Promise.all([
    databaseUrl ? undefined : startLocalPostgres(join(scratch, 'pg')),
    temporalAddress ? undefined : startLocalTemporal({ dataDir: undefined }),
  ] as [Promise<LocalPostgres> | undefined, Promise<LocalTemporal> | undefined]);
  if (postgres) stopping.push(() => postgres.stop());
  if (temporal) stopping.push(() => temporal.stop());
  databaseUrl ??= postgres!.url;
  temporalAddress ??= temporal!.address;

  await createTemplate(databaseUrl);
  await building;
  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporalAddress);

  return async () => {
    for (const stop of stopping.reverse()) await stop().catch(() => {});
    await rm(scratch, { recursive: true, force: true });
  };
}

async function createTemplate(databaseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  await migrate(url.toString());
}
