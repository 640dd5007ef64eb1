/**
 * Prints, as JSON, the firing delays of a table of timer values (literal and as FEEL
 * results), armed at one instant. Run by timers.tz.test.ts under several TZ values.
 */
import { firingDelays } from '../../../compiler/timers.js';
import { parseTimerValue } from '../../../engine/timers.js';

export const TIMER_TABLE: Array<['duration' | 'date' | 'cycle', string]> = [
  ['date', '2030-03-30T01:30:00'],
  ['date', '2030-10-27T02:30:00'],
  ['date', '2030-03-30T01:30:00+01:00'],
  ['duration', 'P1M'],
  ['duration', 'P1DT2H'],
  ['cycle', 'R3/2030-03-29T00:00:00/P1D'],
  ['cycle', 'R2/P1M'],
];

/** Just before the European daylight-saving change of 2030, where local readings differ most. */
export const ARMED_AT = Date.UTC(2030, 2, 29, 12);

export function delaysOfTable(): Record<string, number[] | null> {
  const result: Record<string, number[] | null> = {};
  for (const [kind, text] of TIMER_TABLE) {
    const timer = parseTimerValue(kind, text);
    result[`${kind} ${text}`] = timer ? [...firingDelays(timer, ARMED_AT)] : null;
  }
  return result;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  process.stdout.write(JSON.stringify(delaysOfTable()));
}
