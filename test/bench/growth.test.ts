import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

/** bench/growth.ts still starts and measures: tiny counts against the suite's PostgreSQL and Temporal. */
describe('bench/growth.ts', () => {
  it('should measure both levels and write the result with positive figures', async () => {
    // given: the suite's servers (benchStack starts none of its own when these are set)
    process.env.DATABASE_URL = inject('databaseUrl');
    process.env.TEMPORAL_ADDRESS = inject('temporalAddress');
    const { runGrowth } = await import('../../bench/growth.js');
    const resultFile = join(mkdtempSync(join(tmpdir(), 'growth-test-')), 'growth.json');

    // when
    const result = await runGrowth({ small: 50, large: 200, real: 12, smallReal: 6, instances: 4, rounds: 1, concurrency: 4, requests: 3, resultFile, log: () => {} });

    // then
    expect(JSON.parse(readFileSync(resultFile, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
    expect(result.small.endedInStores).toBeGreaterThanOrEqual(50);
    expect(result.large.endedInStores).toBeGreaterThanOrEqual(200);
    expect(result.large.realCompleted).toBe(12);
    for (const level of [result.small, result.large]) {
      expect(level.instancesPerSecond.median).toBeGreaterThan(0);
      expect(level.cpuMsPerInstance.total).toBeGreaterThan(0);
      expect(Object.keys(level.api)).toHaveLength(10);
      for (const latency of Object.values(level.api)) expect(latency.p50Ms).toBeGreaterThan(0);
    }
    expect(result.ratios.instancesPerSecond).toBeGreaterThan(0);
    expect(result.loadAverage.atEnd).toHaveLength(3);
  }, 240_000);
});
