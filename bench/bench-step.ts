/**
 * The benchmark's only service-task type, `bench.step`: one small idempotent INSERT into a
 * table the benchmark creates in its own scratch database, so that every variant pays the
 * same per-step I/O. Registered through `createRunServiceTask`'s types map, never shipped.
 */
import { z } from 'zod';
import type { ServiceTaskType } from '../activities/service-tasks/types.js';
import type { Pool } from '../stores/db.js';

export const BENCH_STEP = 'bench.step';

export const benchStep: ServiceTaskType<{ amount: number }> = {
  type: BENCH_STEP,
  input: z.object({ amount: z.number() }),
  resultVariable: 'lastStep',
  async run(input, ctx) {
    await ctx.pool.query('INSERT INTO bench.steps (step_key, amount) VALUES ($1, $2) ON CONFLICT (step_key) DO NOTHING', [ctx.idempotencyKey, input.amount]);
    return ctx.elementId;
  },
};

export const benchTypes = new Map([[BENCH_STEP, benchStep as ServiceTaskType<never>]]);

/** The bench table, beside (not in) the product's migrated schema. */
export async function createBenchTable(pool: Pool): Promise<void> {
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench');
  await pool.query('CREATE TABLE IF NOT EXISTS bench.steps (step_key text PRIMARY KEY, amount numeric NOT NULL, at timestamptz NOT NULL DEFAULT now())');
}

/** The amount of instance `i`: every branch of the gateway is taken (> 1000, > 100, otherwise). */
export function amountOf(i: number): number {
  return [50, 500, 5000][i % 3]!;
}
