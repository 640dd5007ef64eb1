/**
 * The instance's bookkeeping writes: inbox rows, summaries and subscriptions, and the
 * cleanup writes started after a cancellation, which must finish before the run ends.
 */
import { CancellationScope, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';

// Single idempotent writes: a short timeout lets a write held by a dead worker run
// again on another within seconds.
export const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** The same writes as local activities: run in the workflow task, no activity round trip. */
export const localBookkeeping = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Since this patch, inbox rows are opened and completed by local activities (the hand-off latency). */
export const INBOX_LOCAL_PATCH = 'inbox-local-v1';

/**
 * The inbox writes at this point of the run: local activities once INBOX_LOCAL_PATCH applies.
 * `patched()` answers false while replaying history recorded without its marker and true
 * past the end of it, so a run started by older code switches over from its first new
 * workflow task; both halves replay (test/production/rolling-upgrade.test.ts).
 */
export function inboxBookkeeping(): Pick<typeof bookkeeping, 'openUserTask' | 'completeUserTask'> {
  return isInboxLocal() ? localBookkeeping : bookkeeping;
}

export function isInboxLocal(): boolean {
  return patched(INBOX_LOCAL_PATCH);
}

/** Cleanup writes (closing inbox rows, subscriptions) that a cancellation cannot stop. */
export class Cleanups {
  private readonly running = new Set<Promise<void>>();

  add(work: () => Promise<void>): void {
    const running: Promise<void> = CancellationScope.nonCancellable(work)
      .catch(() => {})
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  /** Resolves once every cleanup started so far (and any they started) has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
