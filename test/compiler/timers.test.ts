import { describe, expect, it } from 'vitest';
import { parseCycle, parseDate, parseDuration } from '../../compiler/index.js';
import { addSpan, firingDelays, parseTimer } from '../../compiler/timers.js';
import { parseTimerValue } from '../../engine/timers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const utc = (...parts: [number, number, number, number?, number?]) => Date.UTC(...parts);

describe('parseDuration', () => {
  it.each([
    ['PT15M', 0, 15 * MINUTE],
    ['PT1H30M', 0, 90 * MINUTE],
    ['P2DT4H', 0, 2 * DAY + 4 * HOUR],
    ['PT0.5S', 0, 500],
    ['P1W', 0, 7 * DAY],
    ['P1W2D', 0, 9 * DAY],
    ['pt10s', 0, 10_000],
    ['P1M', 1, 0],
    ['P1Y2M3D', 14, 3 * DAY],
    ['-PT1M', 0, -MINUTE],
  ])('should read %s as %d months and %d ms', (text, months, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: { months, ms } });
  });

  it.each(['15 minutes', 'P', 'PT', 'PT1.5H', 'P1.5D', '1M', ''])('should refuse %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });
});

describe('parseDate', () => {
  it.each([
    ['2030-01-01T09:00:00Z', utc(2030, 0, 1, 9)],
    ['2030-01-01T09:00:00+01:00', utc(2030, 0, 1, 8)],
    ['2030-01-01T09:00Z', utc(2030, 0, 1, 9)],
    ['2030-01-01T09:00:00.250-02:00', Date.UTC(2030, 0, 1, 11, 0, 0, 250)],
    ['2030-01-01T09:00:00', utc(2030, 0, 1, 9)],
    ['2030-01-01T09:00:00+0530', Date.UTC(2030, 0, 1, 3, 30)],
    ['2030-01-01T09:00:00+01:00[Europe/Paris]', utc(2030, 0, 1, 8)],
    ['0099-03-01T00:00:00Z', Date.parse('0099-03-01T00:00:00Z')],
    ['1200-11-15T04:07:34.0-16:54', Date.parse('1200-11-15T21:01:34Z')],
    // a zone id without an offset: FEEL's @zone and RFC 9557's [zone], winter and summer time
    ['2025-03-01T09:00:00@Europe/Berlin', Date.parse('2025-03-01T08:00:00Z')],
    ['2025-07-01T09:00:00.500[Europe/Berlin]', Date.parse('2025-07-01T07:00:00.500Z')],
    ['2025-07-01T09:00:00@America/New_York', Date.parse('2025-07-01T13:00:00Z')],
    ['2025-03-30T02:30:00@Europe/Berlin', Date.parse('2025-03-30T01:30:00Z')], // in the spring gap: one hour on
    ['2025-07-01T09:00:00+01:00[Europe/Berlin]', Date.parse('2025-07-01T08:00:00Z')], // the written offset wins
  ])('should read %s (without an offset: UTC)', (text, epochMs) => {
    expect(parseDate(text)).toEqual({ ok: true, value: epochMs });
  });

  it.each(['2030-01-01', 'tomorrow', '2030-13-01T00:00:00Z', '2030-02-30T00:00:00Z', '2030-01-01T24:00:00Z', '2030-01-01T09:00:00@Mars/Olympus'])('should refuse %j', (text) => {
    expect(parseDate(text).ok).toBe(false);
  });
});

describe('parseCycle', () => {
  it.each([
    ['R3/PT10M', { repetitions: 3, intervalMs: 10 * MINUTE, startEpochMs: null }],
    ['R/P1D', { repetitions: null, intervalMs: DAY, startEpochMs: null }],
    ['R/P1M', { repetitions: null, intervalMs: 0, intervalMonths: 1, startEpochMs: null }],
    ['R5/2030-01-01T08:00:00Z/PT1H', { repetitions: 5, intervalMs: HOUR, startEpochMs: utc(2030, 0, 1, 8) }],
    ['R2/2030-01-01T08:00:00/PT1H', { repetitions: 2, intervalMs: HOUR, startEpochMs: utc(2030, 0, 1, 8) }],
  ])('should read %s', (text, expected) => {
    expect(parseCycle(text)).toEqual({ ok: true, value: { kind: 'cycle', ...expected } });
  });

  it.each(['PT10M', 'R3', 'R3/PT0S', 'R3/-PT1M', '0 0 9 * * MON', 'R3/soon'])('should refuse %j', (text) => {
    expect(parseCycle(text).ok).toBe(false);
  });
});

describe('addSpan', () => {
  it.each([
    [utc(2030, 0, 31, 9), { months: 1, ms: 0 }, utc(2030, 1, 28, 9)],
    [utc(2032, 0, 31, 9), { months: 1, ms: 0 }, utc(2032, 1, 29, 9)],
    [utc(2030, 10, 15), { months: 14, ms: DAY }, utc(2032, 0, 16)],
    [utc(2030, 2, 31), { months: -1, ms: 0 }, utc(2030, 1, 28)],
    [utc(2030, 0, 1), { months: 0, ms: HOUR }, utc(2030, 0, 1, 1)],
  ])('should add to %d the span %j', (at, span, expected) => {
    expect(addSpan(at, span)).toBe(expected);
  });
});

describe('firingDelays', () => {
  const armed = utc(2030, 0, 31, 9);
  const first = (kind: 'duration' | 'date' | 'cycle', text: string, count = 1) => {
    const parsed = parseTimer(kind, text);
    if (!parsed.ok) throw new Error(parsed.reason);
    const delays: number[] = [];
    for (const delay of firingDelays(parsed.value, armed)) {
      delays.push(delay);
      if (delays.length === count) break;
    }
    return delays;
  };

  it.each([
    ['duration', 'PT10M', 1, [10 * MINUTE]],
    ['duration', 'P1M', 1, [28 * DAY]],
    ['duration', 'P1Y', 1, [365 * DAY]],
    ['duration', '-PT5M', 1, [0]],
    ['date', '2030-01-31T10:00:00', 1, [HOUR]],
    ['date', '2030-01-31T10:00:00+01:00', 1, [0]],
    ['cycle', 'R3/PT1H', 5, [HOUR, HOUR, HOUR]],
    ['cycle', 'R/P1M', 3, [28 * DAY, 31 * DAY, 30 * DAY]],
    ['cycle', 'R2/2030-01-31T10:00:00Z/PT1H', 2, [2 * HOUR, HOUR]],
    ['cycle', 'R2/2020-01-01T00:00:00Z/PT1H', 2, [0, HOUR]],
  ] as const)('should fire a %s timer %s armed at 2030-01-31T09:00Z after %d delays %j', (kind, text, count, expected) => {
    expect(first(kind, text, count)).toEqual(expected);
  });
});

describe('parseTimerValue (FEEL results at run time)', () => {
  it.each([
    ['duration', 'P1M', { kind: 'duration', durationMs: 0, months: 1 }],
    ['date', '2030-01-01T09:00:00', { kind: 'date', epochMs: utc(2030, 0, 1, 9) }],
    ['cycle', 'PT1H', { kind: 'cycle', repetitions: null, intervalMs: HOUR, startEpochMs: null }],
    ['date', 'soon', null],
  ] as const)('should read a %s %s by the compiler\'s rules', (kind, text, expected) => {
    expect(parseTimerValue(kind, text)).toEqual(expected);
  });
});
