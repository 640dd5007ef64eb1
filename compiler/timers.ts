/**
 * ISO 8601 timer values as BPMN 2.0 §10.5.4 (Timer Event Definition) and Camunda 8
 * accept them: `timeDuration` (PnYnMnWnDTnHnMnS), `timeDate` (a date-time) and
 * `timeCycle` (R[n]/[start/]duration). The one set of rules for both sides: the compiler
 * parses literals with it at deployment, the engine parses FEEL results with it at run
 * time (engine/timers.ts). Pure and sandbox-safe: no time zone of the machine enters.
 *
 * Our rules, where ISO 8601 leaves room:
 * - Years and months are calendar units, added in UTC at the moment the timer is armed
 *   (P1M from 31 January fires on 28/29 February, as java.time's plusMonths does); weeks,
 *   days and smaller units are fixed lengths (a day is 24 h: no daylight saving in UTC).
 * - A date-time without `Z` or an offset is read as UTC, so that a worker in any time
 *   zone, and a replay on it, computes the same instant. Write an offset for local times.
 * - Only seconds may have a fraction; a leading `-` makes a duration negative (FEEL
 *   arithmetic yields those): a timer that is already due fires at once.
 */
import type { ParsedTimer } from './model.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Either the parsed value or why it does not parse (in the designer's words). */
export type TimerParse<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A duration: calendar months (years count 12) plus a fixed part in milliseconds. */
export interface Span {
  months: number;
  ms: number;
}

/** `PT10M` -> {months: 0, ms: 600000}; `P1Y2M3D` -> {months: 14, ms: 3 days}. */
export function parseDuration(text: string): TimerParse<Span> {
  const value = text.trim().toUpperCase();
  const parts = DURATION.exec(value);
  if (!parts || value.endsWith('P') || value.endsWith('T')) {
    return { ok: false, reason: `"${text}" is not an ISO 8601 duration such as PT15M, P2DT4H, P1W or P1M` };
  }
  const [, sign, years, months, weeks, days, hours, minutes, seconds] = parts;
  const direction = sign ? -1 : 1;
  const ms =
    Number(weeks ?? 0) * WEEK +
    Number(days ?? 0) * DAY +
    Number(hours ?? 0) * HOUR +
    Number(minutes ?? 0) * MINUTE +
    Math.round(Number((seconds ?? '0').replace(',', '.')) * SECOND);
  return { ok: true, value: { months: direction * (Number(years ?? 0) * 12 + Number(months ?? 0)) || 0, ms: direction * ms || 0 } };
}

/** `2025-03-01T09:00:00+01:00` -> epoch ms; without Z or an offset, the time is UTC. FEEL's `@zone` / `[zone]` suffix is dropped. */
export function parseDate(text: string): TimerParse<number> {
  // A zone id after the time (`[Europe/Berlin]`, or FEEL's `@Europe/Berlin`) counts when no offset is written.
  const zoned = /^(.*?)(?:\[([^\]]+)\]|@([A-Za-z_/+-]+))$/.exec(text.trim());
  const [value, zone] = zoned ? [zoned[1]!, zoned[2] ?? zoned[3]] : [text.trim(), undefined];
  const parts = DATE_TIME.exec(value);
  if (parts) {
    const [, year, month, day, hour, minute, second, fraction, offset] = parts;
    const check = utcDate(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second ?? 0), Math.round(Number(`0.${fraction ?? '0'}`) * 1000));
    const local = check.getTime();
    const valid = check.getUTCMonth() === Number(month) - 1 && check.getUTCDate() === Number(day) && Number(hour) < 24 && Number(minute) < 60 && Number(second ?? 0) < 60;
    if (valid && (offset || !zone)) return { ok: true, value: local - offsetMs(offset ?? 'Z') };
    if (valid && zone) {
      const instant = localTimeIn(zone, local);
      return instant === null ? { ok: false, reason: `"${text}" names the time zone ${zone}, which is not a time zone id such as Europe/Berlin` } : { ok: true, value: instant };
    }
  }
  return { ok: false, reason: `"${text}" is not an ISO 8601 date-time such as 2025-03-01T09:00:00Z (without an offset it is read as UTC)` };
}

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

/** The instant at which the clocks of `zone` show `local` (its fields read as UTC); null for an unknown zone. */
function localTimeIn(zone: string, local: number): number | null {
  const first = zoneOffsetAt(zone, local);
  if (first === null) return null;
  // Once more at the first guess: across a DST change the offset there is the one that holds.
  const second = zoneOffsetAt(zone, local - first)!;
  return local - second;
}

function zoneOffsetAt(zone: string, instant: number): number | null {
  if (!zoneFormats.has(zone)) {
    let format: Intl.DateTimeFormat | null = null;
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      // RangeError: not a zone id this runtime knows
    }
    zoneFormats.set(zone, format);
  }
  const format = zoneFormats.get(zone);
  if (!format) return null;
  const field = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
  const shown = utcDate(field.year!, field.month!, field.day!, field.hour!, field.minute!, field.second!, 0);
  return shown.getTime() - (instant - (((instant % 1000) + 1000) % 1000));
}

/** A UTC date from its fields (month 1-12); unlike Date.UTC, years 0-99 stay themselves rather than 1900-1999. */
function utcDate(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): Date {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date;
}

/** `R3/PT10M`, `R/P1D`, `R/P1M`, `R5/2025-01-01T08:00:00Z/PT1H`. */
export function parseCycle(text: string): TimerParse<Extract<ParsedTimer, { kind: 'cycle' }>> {
  const parts = text.trim().split('/');
  const repeat = /^R(\d*)$/i.exec(parts[0] ?? '');
  if (!repeat || parts.length < 2 || parts.length > 3) {
    return { ok: false, reason: `"${text}" is not an ISO 8601 cycle such as R3/PT10M (cron cycles are not supported)` };
  }
  const interval = parseDuration(parts[parts.length - 1] ?? '');
  if (!interval.ok) return interval;
  if (interval.value.months < 0 || interval.value.ms < 0 || (interval.value.months === 0 && interval.value.ms === 0)) {
    return { ok: false, reason: `the interval of "${text}" must be longer than zero` };
  }
  let startEpochMs: number | null = null;
  if (parts.length === 3) {
    const start = parseDate(parts[1] ?? '');
    if (!start.ok) return start;
    startEpochMs = start.value;
  }
  const repetitions = repeat[1] ? Number(repeat[1]) : null;
  const { months, ms } = interval.value;
  return { ok: true, value: { kind: 'cycle', repetitions, intervalMs: ms, ...(months ? { intervalMonths: months } : {}), startEpochMs } };
}

/** Parse a literal or an evaluated FEEL value of the given timer kind into the model's ParsedTimer. */
export function parseTimer(kind: ParsedTimer['kind'], text: string): TimerParse<ParsedTimer> {
  if (kind === 'duration') {
    const duration = parseDuration(text);
    if (!duration.ok) return duration;
    const { months, ms } = duration.value;
    return { ok: true, value: { kind, durationMs: ms, ...(months ? { months } : {}) } };
  }
  if (kind === 'date') {
    const date = parseDate(text);
    return date.ok ? { ok: true, value: { kind, epochMs: date.value } } : date;
  }
  return parseCycle(text);
}

/** `at` plus a span: months on the UTC calendar (the day clamped to the month's last), then the fixed part. */
export function addSpan(atMs: number, span: Span): number {
  if (span.months === 0) return atMs + span.ms;
  const at = new Date(atMs);
  const monthIndex = at.getUTCFullYear() * 12 + at.getUTCMonth() + span.months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const moved = Date.UTC(year, month, Math.min(at.getUTCDate(), lastDay), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds());
  return moved + span.ms;
}

/**
 * When each firing happens, relative to the moment the timer is armed: delays in ms,
 * one per firing (a cycle fires `repetitions` times; unbounded cycles are produced
 * lazily). A timer already due gets 0.
 */
export function* firingDelays(timer: ParsedTimer, armedAtMs: number): Generator<number> {
  switch (timer.kind) {
    case 'duration':
      yield Math.max(0, addSpan(armedAtMs, { months: timer.months ?? 0, ms: timer.durationMs }) - armedAtMs);
      return;
    case 'date':
      yield Math.max(0, timer.epochMs - armedAtMs);
      return;
    case 'cycle': {
      // `R/start/interval` first fires at start + interval, else one interval after arming.
      // Firing n is n intervals after the anchor (monthly on the 31st stays on month ends);
      // a firing already past happens at once and the next ones count from then, not a burst.
      const months = timer.intervalMonths ?? 0;
      let anchor = timer.startEpochMs ?? armedAtMs;
      let clock = armedAtMs;
      let n = 1;
      for (let index = 0; timer.repetitions === null || index < timer.repetitions; index += 1) {
        const firing = addSpan(anchor, { months: months * n, ms: timer.intervalMs * n });
        const delay = Math.max(0, firing - clock);
        yield delay;
        if (firing < clock) {
          anchor = clock;
          n = 1;
        } else {
          n += 1;
        }
        clock += delay;
      }
    }
  }
}

function offsetMs(offset: string): number {
  if (offset === 'Z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * HOUR + Number(match[3]) * MINUTE);
}
