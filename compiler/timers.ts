/**
 * ISO 8601 timer values as BPMN 2.0 §10.5.4 (Timer Event Definition) and Camunda 8
 * accept them: `timeDuration` (PnDTnHnMnS, PnW), `timeDate` (date-time with Z or an
 * offset) and `timeCycle` (R[n]/[start/]duration). Parsed once at deployment so the
 * workflow only does arithmetic.
 */
import type { ParsedTimer } from './model.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const WEEKS = /^P(\d+)W$/;
const DAY_TIME = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const CALENDAR = /^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T.*)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Either the parsed value or why it does not parse (in the designer's words). */
export type TimerParse<T> = { ok: true; value: T } | { ok: false; reason: string };

/** `PT10M` -> 600000 ms. Years and months have no fixed length, so they are refused. */
export function parseDuration(text: string): TimerParse<number> {
  const value = text.trim().toUpperCase();
  const weeks = WEEKS.exec(value);
  if (weeks) return { ok: true, value: Number(weeks[1]) * WEEK };
  const parts = DAY_TIME.exec(value);
  if (parts && value !== 'P' && !value.endsWith('T')) {
    const [, days, hours, minutes, seconds] = parts;
    const ms =
      Number(days ?? 0) * DAY +
      Number(hours ?? 0) * HOUR +
      Number(minutes ?? 0) * MINUTE +
      Math.round(Number((seconds ?? '0').replace(',', '.')) * SECOND);
    return { ok: true, value: ms };
  }
  if (CALENDAR.test(value) && value !== 'P') {
    return { ok: false, reason: `"${text}" uses years, months or mixes weeks with days; write it as PnDTnHnMnS or PnW` };
  }
  return { ok: false, reason: `"${text}" is not an ISO 8601 duration such as PT15M, P2DT4H or P1W` };
}

/** `2025-03-01T09:00:00+01:00` -> epoch ms. Without Z or an offset the instant is unknown. */
export function parseDate(text: string): TimerParse<number> {
  const value = text.trim();
  const epochMs = DATE_TIME.test(value) ? Date.parse(value.replace(',', '.')) : Number.NaN;
  if (Number.isNaN(epochMs)) {
    return { ok: false, reason: `"${text}" is not an ISO 8601 date-time with Z or an offset, such as 2025-03-01T09:00:00Z` };
  }
  return { ok: true, value: epochMs };
}

/** `R3/PT10M`, `R/P1D`, `R5/2025-01-01T08:00:00Z/PT1H`. */
export function parseCycle(text: string): TimerParse<Extract<ParsedTimer, { kind: 'cycle' }>> {
  const parts = text.trim().split('/');
  const repeat = /^R(\d*)$/i.exec(parts[0] ?? '');
  if (!repeat || parts.length < 2 || parts.length > 3) {
    return { ok: false, reason: `"${text}" is not an ISO 8601 cycle such as R3/PT10M (cron cycles are not supported)` };
  }
  const interval = parseDuration(parts[parts.length - 1] ?? '');
  if (!interval.ok) return interval;
  if (interval.value <= 0) return { ok: false, reason: `the interval of "${text}" must be longer than zero` };
  let startEpochMs: number | null = null;
  if (parts.length === 3) {
    const start = parseDate(parts[1] ?? '');
    if (!start.ok) return start;
    startEpochMs = start.value;
  }
  const repetitions = repeat[1] ? Number(repeat[1]) : null;
  return { ok: true, value: { kind: 'cycle', repetitions, intervalMs: interval.value, startEpochMs } };
}

/** Parse a literal of the given timer kind into the model's ParsedTimer. */
export function parseTimer(kind: ParsedTimer['kind'], text: string): TimerParse<ParsedTimer> {
  if (kind === 'duration') {
    const duration = parseDuration(text);
    return duration.ok ? { ok: true, value: { kind, durationMs: duration.value } } : duration;
  }
  if (kind === 'date') {
    const date = parseDate(text);
    return date.ok ? { ok: true, value: { kind, epochMs: date.value } } : date;
  }
  return parseCycle(text);
}
