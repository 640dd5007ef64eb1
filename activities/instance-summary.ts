import type { Pool } from '../stores/db.js';
import { recordInstanceSummary, type InstanceSummary } from '../stores/bpm/instances.js';

export type { InstanceSummary };

/** Writes where an instance stands (stores/bpm/instances.ts); a stale or repeated write changes nothing. */
export function createRecordInstanceSummary(pool: Pool) {
  return (summary: InstanceSummary): Promise<void> => recordInstanceSummary(pool, summary);
}
