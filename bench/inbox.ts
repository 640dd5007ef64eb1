/**
 * Inbox at scale (DESIGN "Performance targets"): 100 000 open tasks for 1 000 users, then
 * GET /api/tasks for `filter=mine` and `filter=group` as random users, through the real
 * app in process (auth, validation, the query, JSON), and the p50/p99 of each. Goal:
 * p99 under 20 ms on this machine.
 *
 *   npx tsx bench/inbox.ts            # writes bench/results/inbox.json
 *
 * Uses DATABASE_URL when set (a scratch database is created and dropped), otherwise an
 * embedded PostgreSQL in a temporary directory. Temporal is not needed: the inbox never
 * asks it.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { createApp } from '../api/app.js';
import { startLocalPostgres } from '../local-stack/postgres.js';
import { createPool } from '../stores/db.js';
import { migrate } from '../stores/migrate.js';
import { benchToken, fillInbox } from './inbox-fill.js';

const USERS = 1000;
const GROUPS = 50;
const OPEN_TASKS = 100_000;
const WARMUP = 200;
const REQUESTS = 2000;

const cleanups: Array<() => Promise<unknown>> = [];
const log = (line: string) => console.log(`[inbox bench] ${line}`);

async function main(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const scratch = await mkdtemp(join(tmpdir(), 'bpm-inbox-bench-'));
    await chmod(scratch, 0o777); // embedded PostgreSQL runs as the `postgres` user under root
    cleanups.push(() => rm(scratch, { recursive: true, force: true }));
    const local = await startLocalPostgres(join(scratch, 'pg'));
    cleanups.push(() => local.stop());
    serverUrl = local.url;
  }
  const name = `bench_inbox_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.end());
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const pool = createPool(url.toString(), 10);
  cleanups.push(() => pool.end());

  const filling = performance.now();
  await fillInbox(pool, { users: USERS, groups: GROUPS, openTasks: OPEN_TASKS });
  const { rows } = await pool.query<{ open: number; total: number }>(`SELECT count(*) FILTER (WHERE state = 'open')::int AS open, count(*)::int AS total FROM bpm.tasks`);
  log(`filled ${rows[0]!.open} open tasks (${rows[0]!.total} in all) for ${USERS} users in ${((performance.now() - filling) / 1000).toFixed(1)} s`);

  // The inbox never calls Temporal: a lazy connection that is never used.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = createApp({ pool, temporal, taskQueue: 'unused', health: { postgres: async () => 'up', temporal: async () => 'up' } });

  const results: Record<string, { p50Ms: number; p99Ms: number; meanMs: number; meanRows: number; requests: number }> = {};
  for (const filter of ['mine', 'group'] as const) {
    const timings: number[] = [];
    let rowsSeen = 0;
    for (let n = 0; n < WARMUP + REQUESTS; n += 1) {
      const user = Math.floor(Math.random() * USERS);
      const started = performance.now();
      const response = await app.request(`/api/tasks?filter=${filter}`, { headers: { authorization: `Bearer ${benchToken(user)}` } });
      const body = (await response.json()) as unknown[];
      const elapsed = performance.now() - started;
      if (response.status !== 200) throw new Error(`GET /api/tasks?filter=${filter} answered ${response.status}`);
      if (n >= WARMUP) {
        timings.push(elapsed);
        rowsSeen += body.length;
      }
    }
    timings.sort((a, b) => a - b);
    const at = (q: number) => Number(timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(2));
    results[filter] = {
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      meanMs: Number((timings.reduce((a, b) => a + b, 0) / timings.length).toFixed(2)),
      meanRows: Number((rowsSeen / timings.length).toFixed(1)),
      requests: timings.length,
    };
    log(`filter=${filter}: p50 ${results[filter]!.p50Ms} ms, p99 ${results[filter]!.p99Ms} ms, ${results[filter]!.meanRows} tasks per page`);
  }

  const report = {
    recordedAt: new Date().toISOString(),
    // The machine is shared: the 1-minute load average says how busy it was meanwhile.
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', loadAverage1m: Number(loadavg()[0]!.toFixed(2)) },
    setup: { users: USERS, groups: GROUPS, openTasks: OPEN_TASKS, completedTasks: OPEN_TASKS / 5, pageSize: 50, warmup: WARMUP, via: 'app.request in process (auth, zod, SQL, JSON)' },
    goal: 'p99 < 20 ms',
    results,
  };
  await writeFile(new URL('./results/inbox.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  log('written to bench/results/inbox.json');
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}
