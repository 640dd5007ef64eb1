/**
 * The production shape under a benchmark (`--stack production`): local-stack/production.ts's
 * embedded PostgreSQL (fsync on) with Temporal's own server 1.29.1 on it, instead of the dev
 * server (SQLite, no fsync). Only on this stack does a Temporal variant commit its state to
 * PostgreSQL as Operaton's jobs do. The stack's one API process (it runs the product's
 * migrations) stays idle; the benchmark's worker stays in the benchmark's process, because
 * the product's worker processes do not carry the bench.step type or the hand-written workflow.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { startProductionStack } from '../local-stack/production.js';
import type { Cleanups } from './stack.js';

export async function productionBenchStack(cleanups: Cleanups, log: (line: string) => void): Promise<{ databaseUrl: string; temporalAddress: string }> {
  const started = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'bpm-bench-production-'));
  await chmod(dataDir, 0o777); // embedded PostgreSQL runs as the `postgres` user under root
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const stack = await startProductionStack({ dataDir, workers: 0, apis: 1, adminPassword: randomBytes(12).toString('hex'), log: (line) => log(`[stack] ${line}`) });
  cleanups.push(() => stack.stop());
  log(`stack: production shape (PostgreSQL with fsync, Temporal server on it at ${stack.temporalAddress}) (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return { databaseUrl: stack.databaseUrl, temporalAddress: stack.temporalAddress };
}
