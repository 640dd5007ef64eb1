/**
 * The same timer values give the same delays whatever the worker's time zone
 * (compiler/timers.ts: a date without an offset is UTC; months are UTC calendar months).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { delaysOfTable, TIMER_TABLE } from './support/timer-delays.js';

const run = promisify(execFile);
const script = new URL('./support/timer-delays.ts', import.meta.url).pathname;

async function delaysUnder(zone: string): Promise<Record<string, number[] | null>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TZ: zone } });
  return JSON.parse(stdout) as Record<string, number[] | null>;
}

describe('timers under different TZ values', () => {
  it('should give the same delays under TZ=Europe/Berlin and TZ=Pacific/Chatham as under UTC', async () => {
    // given: this process runs with TZ=UTC (vitest.config.ts)
    const inUtc = delaysOfTable();
    // when
    const [berlin, chatham] = await Promise.all([delaysUnder('Europe/Berlin'), delaysUnder('Pacific/Chatham')]);
    // then: every value parsed, and not one delay differs
    expect(Object.keys(inUtc)).toHaveLength(TIMER_TABLE.length);
    expect(Object.values(inUtc).every((delays) => delays !== null && delays.length > 0)).toBe(true);
    expect(berlin).toEqual(inUtc);
    expect(chatham).toEqual(inUtc);
    expect(inUtc['date 2030-03-30T01:30:00']).toEqual([13.5 * 3_600_000]);
  });
});
