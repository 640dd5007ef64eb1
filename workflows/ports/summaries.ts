/**
 * Where the instance stands, written to its row for listings, the instance page and the
 * monitor. Since the current-summary patch the row follows every step: a writer wakes
 * when the instance's state moved, lets the burst of the workflow task settle, and writes
 * once, as a local activity; at most one write is in flight, so a workflow task never
 * writes twice. Instances started before the patch keep writing at wait states only.
 */
import { CancellationScope, condition, patched, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import type { InstanceSnapshot } from '../../engine/ports.js';
import type { ProcessStart } from '../process-start.js';
import { bookkeeping } from './bookkeeping.js';

export const CURRENT_SUMMARY_PATCH = 'current-summary-v1';
/** Stop settling after this many rounds: a state that never rests is written anyway. */
const MAX_SETTLE_ROUNDS = 20;

const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** What the writer follows (a ProcessInstance). */
export interface SummarySource {
  readonly version: number;
  snapshot(): InstanceSnapshot;
  takeResolvedIncidents(): unknown;
}

export class SummaryPort {
  /** True for runs that keep the row current after every step. */
  readonly current: boolean;
  private stopping = false;
  private writer: Promise<void> | null = null;
  private writes = 0;

  constructor(private readonly start: ProcessStart) {
    this.current = patched(CURRENT_SUMMARY_PATCH);
  }

  /** Starts the writer (current runs only); it survives the instance's cancellation. */
  follow(source: SummarySource): void {
    if (!this.current || this.writer) return;
    this.writer = CancellationScope.nonCancellable(() => this.writeLoop(source));
  }

  /** The last write: waits for the writer's write in flight, so the final state lands last. */
  async finish(snapshot: InstanceSnapshot, ended: boolean): Promise<void> {
    this.stopping = true;
    await this.writer;
    await this.recordSummary(snapshot, ended);
  }

  /** Stops the writer without a last write (before continue-as-new: the next run writes on). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.writer;
  }

  /** At wait states: only runs started before the patch write here. */
  async recordProgress(snapshot: InstanceSnapshot): Promise<void> {
    if (!this.current) await this.recordSummary(snapshot, false);
  }

  async recordSummary(snapshot: InstanceSnapshot, ended: boolean): Promise<void> {
    const summary = {
      instanceId: workflowInfo().workflowId,
      processKey: this.start.processKey,
      version: this.start.version,
      businessKey: this.start.businessKey,
      status: snapshot.status,
      variables: snapshot.variables,
      activeElements: snapshot.activeElements,
      completedElements: snapshot.completedElements,
      incident: snapshot.incidents[0] ? { elementId: snapshot.incidents[0].elementId, message: snapshot.incidents[0].message } : null,
      incidents: snapshot.incidents,
      resolvedIncidents: snapshot.resolvedIncidents,
      history: snapshot.history,
      warnings: snapshot.warnings,
      ended,
    };
    if (!this.current) {
      await bookkeeping.recordInstanceSummary(summary);
      return;
    }
    // Workflow time only grows, also across continue-as-new; the counter orders writes within one task.
    this.writes += 1;
    await local.recordInstanceSummary({ ...summary, seq: Date.now() * 1_000 + (this.writes % 1_000) });
  }

  private async writeLoop(source: SummarySource): Promise<void> {
    let written = source.version;
    for (;;) {
      await condition(() => this.stopping || source.version !== written);
      if (this.stopping) return;
      for (let round = 0, seen = -1; round < MAX_SETTLE_ROUNDS && seen !== source.version; round += 1) {
        seen = source.version;
        await nextRound();
      }
      if (this.stopping) return;
      written = source.version;
      const snapshot = source.snapshot();
      source.takeResolvedIncidents();
      await this.recordSummary(snapshot, false);
    }
  }
}

/**
 * Resolves at the next time the SDK looks at blocked conditions, which it does only once
 * the activation's promises have run: by then every token moved by this workflow task
 * has come to rest. (A condition true at once would resolve at once; this one is false
 * when it is made.)
 */
function nextRound(): Promise<void> {
  let armed = false;
  const round = condition(() => armed);
  armed = true;
  return round;
}
