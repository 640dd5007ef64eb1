/**
 * Timers at run time (BPMN 2.0 §10.5.4 timeDuration / timeDate / timeCycle). The
 * compiler parses literal timers; FEEL timers are evaluated here, so this module parses
 * the ISO 8601 strings they yield.
 */
import type { ParsedTimer } from '../compiler/model.js';

const DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `PnYnMnWnDTnHnMnS` in milliseconds (a year is 365 days, a month 30), or null. */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const [, sign, years, months, weeks, days, hours, minutes, seconds] = match;
  const part = (value: string | undefined, unitMs: number) => (value ? Number(value) * unitMs : 0);
  const ms =
    part(years, 365 * 86_400_000) +
    part(months, 30 * 86_400_000) +
    part(weeks, 7 * 86_400_000) +
    part(days, 86_400_000) +
    part(hours, 3_600_000) +
    part(minutes, 60_000) +
    part(seconds, 1_000);
  return sign ? -ms : ms;
}

/** An ISO date-time with offset or `Z` (FEEL date and time prints one), or null. */
export function parseDateMs(text: string): number | null {
  const trimmed = text.trim().replace(/\[[^\]]+\]$/, ''); // FEEL may append `[zone id]`
  if (!/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : ms;
}

/** `R[n]/[start/]duration` (ISO 8601 repeating interval), or null. */
export function parseCycle(text: string): ParsedTimer | null {
  const parts = text.trim().split('/');
  const head = parts[0];
  if (!head?.startsWith('R') || parts.length < 2 || parts.length > 3) return null;
  const repetitions = head === 'R' ? null : Number(head.slice(1));
  if (repetitions !== null && !Number.isInteger(repetitions)) return null;
  const intervalMs = parseDurationMs(parts[parts.length - 1]!);
  const startEpochMs = parts.length === 3 ? parseDateMs(parts[1]!) : null;
  if (intervalMs === null || intervalMs <= 0 || (parts.length === 3 && startEpochMs === null)) return null;
  return { kind: 'cycle', repetitions, intervalMs, startEpochMs };
}

/** Reads an evaluated timer value as the given kind of timer. */
export function parseTimerValue(kind: 'duration' | 'date' | 'cycle', text: string): ParsedTimer | null {
  if (kind === 'cycle') return parseCycle(text) ?? durationAsCycle(text);
  if (kind === 'date') {
    const epochMs = parseDateMs(text);
    return epochMs === null ? null : { kind: 'date', epochMs };
  }
  const durationMs = parseDurationMs(text);
  return durationMs === null ? null : { kind: 'duration', durationMs };
}

/** Camunda accepts a plain duration as a cycle: repeat it forever. */
function durationAsCycle(text: string): ParsedTimer | null {
  const intervalMs = parseDurationMs(text);
  return intervalMs && intervalMs > 0 ? { kind: 'cycle', repetitions: null, intervalMs, startEpochMs: null } : null;
}

/**
 * When each firing happens, relative to the moment the timer is armed: delays in ms,
 * one per firing (a cycle fires `repetitions` times; unbounded cycles are produced lazily).
 */
export function* firingDelays(timer: ParsedTimer, armedAtMs: number): Generator<number> {
  switch (timer.kind) {
    case 'duration':
      yield Math.max(0, timer.durationMs);
      return;
    case 'date':
      yield Math.max(0, timer.epochMs - armedAtMs);
      return;
    case 'cycle': {
      // The model's reading of `R/start/interval`: first at start + interval, else one interval after arming.
      const first = timer.startEpochMs === null ? timer.intervalMs : Math.max(0, timer.startEpochMs + timer.intervalMs - armedAtMs);
      for (let index = 0; timer.repetitions === null || index < timer.repetitions; index += 1) {
        yield index === 0 ? first : timer.intervalMs;
      }
    }
  }
}
