/**
 * The engine ports, implemented with Temporal, one port per module: jobs and inbox rows
 * as activities, user task completion as a Workflow Update, messages and incident
 * retries as signals, timers as workflow timers, call activities as child workflows,
 * and the engine's cancellation handles as CancellationScopes.
 */
import { patched, sleep, workflowInfo } from '@temporalio/workflow';
import type { EnginePorts } from '../../engine/ports.js';
import type { DeliverMessageInput } from '../messages.js';
import type { ProcessStart } from '../process-start.js';
import { Cleanups } from './bookkeeping.js';
import { ChildProcessPort } from './child-processes.js';
import { IncidentPort } from './incidents.js';
import { JobPort } from './jobs.js';
import { MessagePort } from './messages.js';
import { createScope, isCancellation, scopeOf } from './scopes.js';
import { broadcastSignal } from './signals.js';
import { SummaryPort } from './summaries.js';
import { UserTaskPort, type OpenTask } from './user-tasks.js';

/** The engine ports plus what the workflow itself needs around the run. */
export interface TemporalPorts extends EnginePorts {
  readonly openTasks: ReadonlyMap<string, OpenTask>;
  /** Messages nobody waited for yet, for continue-as-new. */
  pendingMessages(): DeliverMessageInput[];
  /** Waits for the cleanup writes started after a cancellation. */
  drain(): Promise<void>;
  /** The instance row: kept current after every step (SummaryPort), or at wait states for older runs. */
  readonly summaries: SummaryPort;
}

/** Registers the workflow's handlers and composes the ports; call once, at the top of the run. */
export function createTemporalPorts(start: ProcessStart): TemporalPorts {
  const cleanups = new Cleanups();
  const summaries = new SummaryPort(start);
  const jobs = new JobPort(() => summaries.ride());
  const userTasks = new UserTaskPort(start, cleanups, () => summaries.ride());
  const messages = new MessagePort(start.pendingMessages ?? [], cleanups);
  const children = new ChildProcessPort(start);
  const incidents = new IncidentPort();
  return {
    openTasks: userTasks.openTasks,
    pendingMessages: () => messages.pendingMessages(),
    drain: () => cleanups.drain(),
    summaries,
    now: () => Date.now(), // workflow time inside the sandbox
    createScope,
    isCancellation,
    runJob: (request, cancellation) => jobs.runJob(request, cancellation),
    openUserTask: (request, cancellation) => userTasks.openUserTask(request, cancellation),
    sleep: (durationMs, cancellation) => scopeOf(cancellation).run(() => sleep(Math.max(1, durationMs))),
    waitForMessage: (subscription, cancellation) => messages.waitForMessage(subscription, cancellation),
    messageNotConsumed: (cancellation) => messages.messageNotConsumed(cancellation),
    waitForSignal: (subscription, cancellation) => messages.waitForSignal(subscription, cancellation),
    broadcastSignal: (broadcast, cancellation) => broadcastSignal(broadcast, cancellation),
    startChildProcess: (request, cancellation, onEscalation) => children.startChildProcess(request, cancellation, onEscalation),
    escalateToCaller: (escalationCode, cancellation) => children.escalateToCaller(escalationCode, cancellation),
    waitForIncidentResolution: (incident, cancellation) => incidents.waitForIncidentResolution(incident, cancellation),
    recordProgress: (snapshot) => summaries.recordProgress(snapshot),
    continueAsNewSuggested: () => workflowInfo().continueAsNewSuggested,
    runsChange: (id) => patched(id),
  };
}
