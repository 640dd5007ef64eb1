/**
 * The engine's only doors to the outside world. Behaviours never touch Temporal, the
 * clock or a database: they call these ports, which the workflow binding (workflows/)
 * implements with activities, timers, updates, signals and child workflows, and which
 * the unit tests implement with a fake whose timers fire by hand.
 *
 * Every port that waits takes the CancellationHandle of the element that waits, so that
 * an interrupting boundary event (BPMN 2.0 §10.5.4) or a terminate end event can cancel
 * it. Port promises of a cancelled handle reject with an error for which
 * `isCancellation` answers true.
 */
import type { JsonValue, UserTaskForm } from '../compiler/model.js';

export type Variables = Record<string, unknown>;

/**
 * A cancellation scope. `run` executes work inside it (the Temporal binding wraps a
 * CancellationScope, so activities and timers started inside are cancelled with it);
 * `cancel` cancels it and every scope created below it.
 */
export interface CancellationHandle {
  run<T>(work: () => Promise<T>): Promise<T>;
  cancel(): void;
  readonly cancelled: boolean;
}

/** A job for a worker: service, send and business rule tasks, message end events. */
export interface JobRequest {
  elementId: string;
  /** Per-element execution counter: with the instance id and element id, the idempotency key. */
  loopCounter: number;
  taskType: string;
  retries: number;
  headers: Record<string, string>;
  variables: Variables;
  /** Run as a local activity (JobDefinition.execution). */
  local?: boolean;
}

/** What a job returns: `result` is merged into the variables under `resultVariable`. */
export interface JobResult {
  resultVariable: string | null;
  result: unknown;
}

/** A user task as the inbox shows it: every FEEL attribute already evaluated. */
export interface UserTaskRequest {
  elementId: string;
  loopCounter: number;
  name: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  /** What to do (bpmn:documentation), plain text with its line breaks. */
  instructions: string | null;
  dueAt: string | null;
  followUpAt: string | null;
  priority: number | null;
  form: UserTaskForm | null;
  variables: Variables;
}

export interface UserTaskCompletion {
  variables: Variables;
  completedBy: string | null;
}

export interface MessageSubscription {
  elementId: string;
  messageName: string;
  correlationKey: string | null;
}

/** A signal catch (intermediate, boundary, event sub-process start) waiting for a broadcast of `signalName`. */
export interface SignalSubscription {
  elementId: string;
  signalName: string;
}

/** A signal thrown by the process (throw or end event): broadcast to every waiting catch and signal start. */
export interface SignalBroadcast {
  elementId: string;
  /** With the instance id and element id, what makes the broadcast happen once. */
  loopCounter: number;
  signalName: string;
  variables: Variables;
}

export interface ChildProcessRequest {
  elementId: string;
  loopCounter: number;
  processKey: string;
  variables: Variables;
  /** Which version to call (CallActivityElement.bindingType); absent: the latest. */
  bindingType?: 'deployment' | 'versionTag';
  versionTag?: string;
}

/** An open incident: a step that failed for good, waiting for someone to retry it. */
export interface Incident {
  /** Unique within the instance (across continue-as-new): what `POST /retry {incidentId}` names. */
  id: string;
  elementId: string;
  message: string;
  /** ISO 8601, workflow time. */
  openedAt: string;
  /** How often this step has already been retried from an incident before this one. */
  retries: number;
}

/** An incident someone retried; kept until the next summary write reports it resolved. */
export interface ResolvedIncident extends Incident {
  resolvedAt: string;
}

/** One element execution as the instance's page shows it (CONTRACT §2 `history`). */
export interface HistoryEntry {
  elementId: string;
  name: string | null;
  startedAt: string;
  endedAt?: string;
  /** Who completed it, for user tasks. */
  by?: string;
}

/** Instance state as a query or a summary shows it (JSON only). */
export interface InstanceSnapshot {
  status: 'running' | 'incident' | 'completed' | 'cancelled';
  activeElements: string[];
  completedElements: string[];
  /** How many early completed elements were dropped to keep the state small. */
  completedElementsDropped: number;
  variables: Record<string, JsonValue>;
  warnings: Warning[];
  incidents: Incident[];
  /** Incidents resolved since the last summary write (see ProcessInstance.takeResolvedIncidents). */
  resolvedIncidents: ResolvedIncident[];
  /** Element executions, oldest first; bounded like completedElements. */
  history: HistoryEntry[];
}

/** A run-time FEEL problem, recorded instead of crashing (see STYLE.md, feelin notes). */
export interface Warning {
  elementId: string;
  message: string;
}

export interface EnginePorts {
  /** Current time in epoch ms (workflow time under Temporal). */
  now(): number;
  createScope(parent: CancellationHandle | null): CancellationHandle;
  isCancellation(error: unknown): boolean;

  /** Runs a job; throws BpmnErrorSignal for a BPMN error, JobFailure when retries are exhausted. */
  runJob(request: JobRequest, cancellation: CancellationHandle): Promise<JobResult>;
  /** Opens an inbox task and resolves with the completing variables. */
  openUserTask(request: UserTaskRequest, cancellation: CancellationHandle): Promise<UserTaskCompletion>;
  /** Resolves after `durationMs` (0 or less resolves at once). */
  sleep(durationMs: number, cancellation: CancellationHandle): Promise<void>;
  /** Resolves with the message's variables when it is correlated. */
  waitForMessage(subscription: MessageSubscription, cancellation: CancellationHandle): Promise<Variables>;
  /**
   * The message a wait under `cancellation` caught was not used (the wait lost an
   * event-based gateway's race in the same step): keep it for the next wait, as Zeebe keeps
   * a message that no triggering subscription took.
   */
  messageNotConsumed?(cancellation: CancellationHandle): void;
  /** Resolves with the signal's variables when it is broadcast while this waits (signals are never buffered). */
  waitForSignal(subscription: SignalSubscription, cancellation: CancellationHandle): Promise<Variables>;
  /** Broadcasts a signal to every instance that waits for it (this one included) and starts signal start events. */
  broadcastSignal(broadcast: SignalBroadcast, cancellation: CancellationHandle): Promise<void>;
  /**
   * Runs a called process to its end; throws BpmnErrorSignal when it ends with an uncaught error.
   * `onEscalation` hears each escalation the called process throws and does not catch.
   */
  startChildProcess(request: ChildProcessRequest, cancellation: CancellationHandle, onEscalation?: (escalationCode: string) => void): Promise<Variables>;
  /** A called process hands an escalation it does not catch to its call activity (BPMN 2.0 §10.5.4). */
  escalateToCaller(escalationCode: string, cancellation: CancellationHandle): Promise<void>;
  /** Resolves when someone asks to run the failed step again. */
  waitForIncidentResolution(incident: Incident, cancellation: CancellationHandle): Promise<void>;

  /** Called when the instance starts waiting (user, message, timer, incident) so listings can show it. */
  recordProgress(snapshot: InstanceSnapshot): Promise<void>;
  /** True when the host would like the history to start afresh (Temporal's continue-as-new). */
  continueAsNewSuggested(): boolean;
  /**
   * Whether this instance runs behaviour change `id` (under Temporal, `patched(id)`): false
   * only while replaying a history recorded before the change. Absent: every change runs.
   */
  runsChange?(id: BehaviourChange): boolean;
}

/**
 * Execution listeners as Camunda 8 scopes and retries them: an event's or gateway's start
 * listener results stay local to it, and a listener whose FEEL type or retries failed
 * runs the listeners of its event type again from the first once the incident is retried.
 */
export const LISTENER_SCOPES_CHANGE = 'execution-listeners-v2';
export type BehaviourChange = typeof LISTENER_SCOPES_CHANGE;

/** BPMN 2.0 §10.5.4: a business error thrown by a job, an error end event or a called process. */
export class BpmnErrorSignal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly variables: Variables = {},
  ) {
    super(message);
    this.name = 'BpmnErrorSignal';
  }
}

/** A job that failed after its last retry: the instance opens an incident and waits. */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobFailure';
  }
}
