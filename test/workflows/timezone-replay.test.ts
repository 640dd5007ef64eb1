/**
 * A history with a date timer recorded on a UTC worker replays on a worker in another
 * time zone: the date (written without an offset, read as UTC) means the same instant
 * there (compiler/timers.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

const run = promisify(execFile);
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness('timezone-replay');
  await harness.deploy('IntermediateCatchEvent.timer-date-feel.bpmn');
});

afterAll(async () => {
  await harness?.close();
});

describe('a date timer across time zones', () => {
  it('should replay under TZ=Asia/Tokyo a history recorded under TZ=UTC', async () => {
    // given: a run on this UTC worker whose timer date has no offset, 1.5 s ahead
    expect(new Date(0).getTimezoneOffset()).toBe(0);
    const fireAt = new Date(Date.now() + 1_500).toISOString().replace(/Z$/, '');
    const handle = await harness.start('dateTimer', { fireAt });
    const startedAt = Date.now();
    await handle.result();
    const waited = Date.now() - startedAt;
    const file = join(mkdtempSync(join(tmpdir(), 'tz-replay-')), 'history.json');
    writeFileSync(file, historyToJSON(await handle.fetchHistory()));
    // when
    const script = new URL('./support/replay-in-zone.ts', import.meta.url).pathname;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, file, handle.workflowId], { env: { ...process.env, TZ: 'Asia/Tokyo' } });
    // then: the timer waited for the UTC reading (not 9 h, nor 0), and the replay in Tokyo agrees
    expect(waited).toBeGreaterThan(500);
    expect(stdout).toMatch(/^replayed under TZ=Asia\/Tokyo \(-540 min from UTC\)/);
  });
});
