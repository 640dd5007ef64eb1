/**
 * Timers at run time (BPMN 2.0 §10.5.4). The rules live once, in compiler/timers.ts
 * (sandbox-safe); this module reads FEEL results with them and says when timers fire.
 */
import type { ParsedTimer } from '../compiler/model.js';
import { parseTimer } from '../compiler/timers.js';

export { firingDelays } from '../compiler/timers.js';

/** Reads an evaluated timer value as the given kind of timer; a plain duration also counts as a cycle (Camunda: repeat forever). */
export function parseTimerValue(kind: 'duration' | 'date' | 'cycle', text: string): ParsedTimer | null {
  const parsed = parseTimer(kind, text);
  if (parsed.ok) return parsed.value;
  if (kind !== 'cycle') return null;
  const forever = parseTimer('cycle', `R/${text.trim()}`);
  return forever.ok ? forever.value : null;
}
