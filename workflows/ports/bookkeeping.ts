/**
 * The instance's bookkeeping writes: inbox rows, summaries and subscriptions, and the
 * cleanup writes started after a cancellation, which must finish before the run ends.
 */
import { CancellationScope, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';

// Single idempotent writes: a short timeout lets a write held by a dead worker run
// again on another within seconds.
export const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

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
