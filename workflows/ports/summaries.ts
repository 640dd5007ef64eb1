/**
 * Where the instance stands, written to its row for listings, the instance page and the
 * monitor. Since the current-summary patch the row follows every step: a writer wakes
 * when the instance's state moved, lets the burst of the workflow task settle, and writes
 * once, as a local activity; at most one write is in flight, so a workflow task never
 * writes twice. Instances started before the patch keep writing at wait states only.
 */
import { CancellationScope, condition, patched, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities, InstanceSummary } from '../../activities/index.js';
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
  private source: SummarySource | null = null;
  /** The instance version the last write (or ride) showed. */
  private written = -1;
  private writes = 0;

  constructor(private readonly start: ProcessStart) {
    this.current = patched(CURRENT_SUMMARY_PATCH);
  }

  /** Starts the writer (current runs only); it survives the instance's cancellation. */
  follow(source: SummarySource): void {
    if (!this.current || this.writer) return;
    this.source = source;
    this.written = source.version;
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

  /**
   * The summary as of now, for a step's activity to write before it runs (runServiceTask
   * takes it): a sequential flow then needs no write of its own per step. Undefined for
   * runs before the patch; counts as written, so the writer only writes what changes later.
   */
  ride(): InstanceSummary | undefined {
    if (!this.current || !this.source || this.stopping) return undefined;
    const snapshot = this.source.snapshot();
    this.source.takeResolvedIncidents();
    this.written = this.source.version;
    return this.summaryOf(snapshot, false);
  }

  async recordSummary(snapshot: InstanceSnapshot, ended: boolean): Promise<void> {
    if (!this.current) {
      await bookkeeping.recordInstanceSummary(this.summaryOf(snapshot, ended));
      return;
    }
    await local.recordInstanceSummary(this.summaryOf(snapshot, ended));
  }

  private summaryOf(snapshot: InstanceSnapshot, ended: boolean): InstanceSummary {
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
    if (!this.current) return summary;
    // Workflow time only grows, also across continue-as-new; the counter orders writes within one task.
    this.writes += 1;
    return { ...summary, seq: Date.now() * 1_000 + (this.writes % 1_000) };
  }

  private async writeLoop(source: SummarySource): Promise<void> {
    for (;;) {
      await condition(() => this.stopping || source.version !== this.written);
      if (this.stopping) return;
      for (let round = 0, seen = -1; round < MAX_SETTLE_ROUNDS && seen !== source.version; round += 1) {
        seen = source.version;
        await nextRound();
      }
      if (this.stopping) return;
      if (source.version === this.written) continue; // a step's activity took it along
      this.written = source.version;
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
