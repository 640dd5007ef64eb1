/**
 * Dates as people say them: "in 2 days", "3 h overdue", "5 min ago". Pure functions of
 * the time and `now`, so the same rules hold in the browser and in unit tests.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A span in its largest unit, as people round it: "45 s", "12 min", "3 h", "2 days" (a
 * deadline 47 h 59 min away is "in 2 days", not "in 1 day"), "5 weeks".
 */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.max(1, Math.floor(abs / 1000))} s`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY - HOUR / 2) return `${Math.round(abs / HOUR)} h`;
  const days = Math.max(1, Math.round(abs / DAY));
  if (days < 14) return days === 1 ? '1 day' : `${days} days`;
  const weeks = Math.floor(days / 7);
  if (days < 60) return `${weeks} weeks`;
  const months = Math.floor(days / 30);
  return months < 24 ? `${months} months` : `${Math.floor(days / 365)} years`;
}

/** A past or future moment relative to now: "in 2 days", "3 h ago", "just now". */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return '';
  if (Math.abs(ms) < 45_000) return 'just now';
  return ms > 0 ? `in ${span(ms)}` : `${span(ms)} ago`;
}

export type DueState = 'none' | 'overdue' | 'soon' | 'later';

/** A deadline: "due in 2 days", "due in 3 h" (soon: under a day), "3 h overdue". */
export function due(iso: string | null | undefined, now = Date.now()): { text: string; state: DueState } {
  if (!iso) return { text: 'no due date', state: 'none' };
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return { text: 'no due date', state: 'none' };
  if (ms <= 0) return { text: `${span(ms)} overdue`, state: 'overdue' };
  return { text: `due in ${span(ms)}`, state: ms < DAY ? 'soon' : 'later' };
}

/** A full local date and time, for tooltips and history lines. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Seconds as a duration: "42 s", "3 min", "1 h 20 min", "2 days 4 h". */
export function seconds(total: number | null | undefined): string {
  if (total === null || total === undefined || !Number.isFinite(total)) return '—';
  if (total < 60) return `${Math.round(total)} s`;
  if (total < 3600) return `${Math.round(total / 60)} min`;
  if (total < 86400) {
    const hours = Math.floor(total / 3600);
    const minutes = Math.round((total % 3600) / 60);
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(total / 86400);
  const hours = Math.round((total % 86400) / 3600);
  return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} h` : ''}`;
}
