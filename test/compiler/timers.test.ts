import { describe, expect, it } from 'vitest';
import { parseCycle, parseDate, parseDuration } from '../../compiler/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['PT15M', 15 * MINUTE],
    ['PT1H30M', 90 * MINUTE],
    ['P2DT4H', 2 * DAY + 4 * HOUR],
    ['PT0.5S', 500],
    ['P1W', 7 * DAY],
    ['pt10s', 10_000],
  ])('should read %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each(['15 minutes', 'P', 'PT', 'P1M', 'P1Y', 'P1W2D', '-PT1M', ''])('should refuse %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });
});

describe('parseDate', () => {
  it.each([
    ['2030-01-01T09:00:00Z', Date.UTC(2030, 0, 1, 9)],
    ['2030-01-01T09:00:00+01:00', Date.UTC(2030, 0, 1, 8)],
    ['2030-01-01T09:00Z', Date.UTC(2030, 0, 1, 9)],
    ['2030-01-01T09:00:00.250-02:00', Date.UTC(2030, 0, 1, 11, 0, 0, 250)],
  ])('should read %s', (text, epochMs) => {
    expect(parseDate(text)).toEqual({ ok: true, value: epochMs });
  });

  it.each(['2030-01-01T09:00:00', '2030-01-01', 'tomorrow', '2030-13-01T00:00:00Z'])('should refuse %j', (text) => {
    expect(parseDate(text).ok).toBe(false);
  });
});

describe('parseCycle', () => {
  it.each([
    ['R3/PT10M', { repetitions: 3, intervalMs: 10 * MINUTE, startEpochMs: null }],
    ['R/P1D', { repetitions: null, intervalMs: DAY, startEpochMs: null }],
    ['R5/2030-01-01T08:00:00Z/PT1H', { repetitions: 5, intervalMs: HOUR, startEpochMs: Date.UTC(2030, 0, 1, 8) }],
  ])('should read %s', (text, expected) => {
    expect(parseCycle(text)).toEqual({ ok: true, value: { kind: 'cycle', ...expected } });
  });

  it.each(['PT10M', 'R3', 'R3/PT0S', '0 0 9 * * MON', 'R3/soon', 'R2/2030-01-01T08:00:00/PT1H'])('should refuse %j', (text) => {
    expect(parseCycle(text).ok).toBe(false);
  });
});
