/**
 * One running process instance: the model, the ports, and the state that outlives any
 * single token (completed elements, execution counters, warnings, incidents). Its
 * `run` drives the root flow scope; `snapshot` answers queries at any moment.
 */
import type { BoundaryEventElement, Expression, FlowElement, JsonValue, ProcessModel } from '../compiler/model.js';
import { evaluateCondition, evaluateFeel, toJson } from './feel.js';
import { hasListeners, runExecutionListeners } from './behaviours/shared/execution-listeners.js';
import { ContinueAsNewSignal, FlowScope, type ResumePoint } from './flow-scope.js';
import { canReach, elementOf, errorBoundaryFor, errorCaughtAround, targetOf } from './model-lookups.js';
import type { CancellationHandle, EnginePorts, HistoryEntry, Incident, InstanceSnapshot, ResolvedIncident, Variables, Warning } from './ports.js';
import { VariableScope } from './variables.js';

/** Keep the carried list of completed elements bounded (continue-as-new payloads). */
const MAX_COMPLETED_ELEMENTS = 2_000;
const MAX_WARNINGS = 200;
const MAX_HISTORY = 500;
const MAX_RESOLVED_KEPT = 50;
/** Not a valid XML id, so it cannot clash with an element's execution counter. */
const INCIDENT_COUNTER = '#incident';

/** Everything an instance carries across continue-as-new (JSON only). */
export interface EngineCheckpoint {
  variables: Record<string, JsonValue>;
  executionCounters: Record<string, number>;
  completedElements: string[];
  completedElementsDropped: number;
  warnings: Warning[];
  /** Absent in checkpoints written before the history existed. */
  history?: HistoryEntry[];
  resume: ResumePoint;
}

export interface InstanceOptions {
  model: ProcessModel;
  ports: EnginePorts;
  variables: Variables;
  /** Which start event fired (message/timer starts); default the first none start event. */
  startEventId?: string | null;
  /** A called process lets uncaught BPMN errors end it, for the caller to catch. */
  isCalledProcess?: boolean;
  /** Set when the run continues a previous one (continue-as-new). */
  checkpoint?: EngineCheckpoint | null;
}

export type EngineOutcome =
  | { kind: 'completed'; variables: Record<string, JsonValue> }
  | { kind: 'continueAsNew'; checkpoint: EngineCheckpoint };

export class ProcessInstance {
  readonly model: ProcessModel;
  readonly ports: EnginePorts;
  readonly isCalledProcess: boolean;
  private readonly rootVariables: VariableScope;
  private readonly executionCounters: Record<string, number>;
  private readonly completedElements: string[];
  private completedElementsDropped: number;
  private readonly warnings: Warning[];
  private readonly incidents: Incident[] = [];
  private resolvedIncidents: ResolvedIncident[] = [];
  /** Retries from incidents per element since it last completed. */
  private readonly retriesByElement = new Map<string, number>();
  private readonly history: HistoryEntry[];
  private stateVersion = 0;
  private readonly active = new Map<number, string>();
  private readonly reachability = new Map<string, boolean>();
  private status: InstanceSnapshot['status'] = 'running';
  private nextToken = 1;
  private readonly startEventId: string;
  private readonly resume: ResumePoint | null;

  constructor(options: InstanceOptions) {
    this.model = options.model;
    this.ports = options.ports;
    this.isCalledProcess = options.isCalledProcess ?? false;
    const checkpoint = options.checkpoint ?? null;
    this.rootVariables = new VariableScope(null, checkpoint ? checkpoint.variables : options.variables);
    this.executionCounters = { ...(checkpoint?.executionCounters ?? {}) };
    this.completedElements = [...(checkpoint?.completedElements ?? [])];
    this.completedElementsDropped = checkpoint?.completedElementsDropped ?? 0;
    this.warnings = [...(checkpoint?.warnings ?? [])];
    this.history = [...(checkpoint?.history ?? [])];
    this.resume = checkpoint?.resume ?? null;
    this.startEventId = options.startEventId ?? defaultStartEvent(options.model);
  }

  /** Runs the instance until it completes, or until it asks to continue as new. */
  async run(): Promise<EngineOutcome> {
    const root = new FlowScope(this, this.model.id, this.rootVariables, this.ports.createScope(null), null);
    const listeners = this.model.executionListeners;
    // Camunda 8 process listeners: start before the start event (not again when a run
    // continues as new), end after the last token; both read and write the process scope.
    const scopes = { element: this.rootVariables, parent: this.rootVariables };
    try {
      if (hasListeners(listeners, 'start') && this.resume === null) {
        await runExecutionListeners(this, this.model.id, listeners!, 'start', scopes, root.cancellation);
      }
      await root.run(this.resume?.elementId ?? this.startEventId, this.resume?.viaFlowId ?? null);
      // A terminate end event has cancelled the root scope: the end listeners run in one of their own.
      if (hasListeners(listeners, 'end')) await runExecutionListeners(this, this.model.id, listeners!, 'end', scopes, this.ports.createScope(null));
    } catch (error) {
      if (error instanceof ContinueAsNewSignal) {
        return { kind: 'continueAsNew', checkpoint: this.checkpoint(error.resume) };
      }
      throw error;
    }
    this.status = 'completed';
    this.active.clear();
    this.changed();
    return { kind: 'completed', variables: this.variablesJson() };
  }

  snapshot(): InstanceSnapshot {
    return {
      status: this.status === 'running' && this.incidents.length > 0 ? 'incident' : this.status,
      activeElements: [...new Set(this.active.values())],
      completedElements: [...this.completedElements],
      completedElementsDropped: this.completedElementsDropped,
      variables: this.variablesJson(),
      warnings: [...this.warnings],
      incidents: [...this.incidents],
      resolvedIncidents: [...this.resolvedIncidents],
      history: this.history.map((entry) => ({ ...entry })),
    };
  }

  /** Grows with every change a summary shows: the host writes when it moved. */
  get version(): number {
    return this.stateVersion;
  }

  /** Resolved incidents since the last call, for the summary write that reports them. */
  takeResolvedIncidents(): ResolvedIncident[] {
    const taken = this.resolvedIncidents;
    this.resolvedIncidents = [];
    return taken;
  }

  markCancelled(): void {
    this.status = 'cancelled';
    this.active.clear();
    const now = this.isoNow();
    for (const entry of this.history) if (entry.endedAt === undefined) entry.endedAt = now;
    this.changed();
  }

  /** A token enters an element: its history entry opens. */
  entered(elementId: string): HistoryEntry {
    const entry: HistoryEntry = { elementId, name: this.model.elements[elementId]?.name ?? null, startedAt: this.isoNow() };
    this.history.push(entry);
    if (this.history.length > MAX_HISTORY) this.history.splice(0, this.history.length - MAX_HISTORY);
    this.changed();
    return entry;
  }

  /** The token left (completed, interrupted, cancelled); a join arrival that fired nothing leaves no trace. */
  left(entry: HistoryEntry, recorded: boolean): void {
    if (!recorded) {
      const index = this.history.lastIndexOf(entry);
      if (index >= 0) this.history.splice(index, 1);
    } else if (entry.endedAt === undefined) {
      entry.endedAt = this.isoNow();
    }
    this.changed();
  }

  /** An element that happened at one moment (a boundary event that fired). */
  occurred(elementId: string): void {
    const entry = this.entered(elementId);
    entry.endedAt = entry.startedAt;
  }

  /** Who completed the latest execution of `elementId` (user tasks). */
  completedBy(elementId: string, by: string | null): void {
    if (by === null) return;
    for (let index = this.history.length - 1; index >= 0; index -= 1) {
      const entry = this.history[index]!;
      if (entry.elementId === elementId) {
        entry.by = by;
        this.changed();
        return;
      }
    }
  }

  element(id: string): FlowElement {
    return elementOf(this.model, id);
  }

  targetOf(flowId: string): string {
    return targetOf(this.model, flowId);
  }

  /** 1, 2, 3, ... per element: the loop counter of the idempotency key. */
  nextExecution(elementId: string): number {
    const next = (this.executionCounters[elementId] ?? 0) + 1;
    this.executionCounters[elementId] = next;
    return next;
  }

  newTokenId(): number {
    return this.nextToken++;
  }

  placeToken(tokenId: number, elementId: string): void {
    this.active.set(tokenId, elementId);
    this.changed();
  }

  removeToken(tokenId: number): void {
    this.active.delete(tokenId);
    this.changed();
  }

  complete(elementId: string): void {
    this.retriesByElement.delete(elementId);
    this.changed();
    this.completedElements.push(elementId);
    if (this.completedElements.length > MAX_COMPLETED_ELEMENTS) {
      const drop = this.completedElements.length - MAX_COMPLETED_ELEMENTS;
      this.completedElements.splice(0, drop);
      this.completedElementsDropped += drop;
    }
  }

  warn(elementId: string, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ elementId, message });
    this.changed();
  }

  /** FEEL (source without `=`) in a scope; trouble is recorded and yields null. */
  evaluate(elementId: string, source: string, scope: VariableScope): unknown {
    const { value, problem } = evaluateFeel(source, scope.visible());
    if (problem !== null) this.warn(elementId, `${source}: ${problem}`);
    return value;
  }

  /** A literal as written, or FEEL evaluated. */
  expression(elementId: string, expression: Expression, scope: VariableScope): unknown {
    return expression.kind === 'literal' ? expression.value : this.evaluate(elementId, expression.source, scope);
  }

  /** A condition that fails at run time counts as false and is recorded (STYLE.md). */
  condition(elementId: string, source: string, scope: VariableScope): boolean {
    const { holds, problem } = evaluateCondition(source, scope.visible());
    if (problem !== null) this.warn(elementId, `${source}: ${problem}`);
    return holds;
  }

  /** Tell the host where the instance stands before it waits on the outside world. */
  async waiting(): Promise<void> {
    await this.ports.recordProgress(this.snapshot());
  }

  /** Opens an incident on `elementId` and resolves when someone retries it. */
  async incident(elementId: string, message: string, cancellation: CancellationHandle): Promise<void> {
    const retries = this.retriesByElement.get(elementId) ?? 0;
    const incident: Incident = { id: `${elementId}:${this.nextExecution(INCIDENT_COUNTER)}`, elementId, message, openedAt: this.isoNow(), retries };
    this.incidents.push(incident);
    this.changed();
    // Listen before reporting: a retry that follows the report at once must not be missed.
    const resolved = this.ports.waitForIncidentResolution(incident, cancellation);
    resolved.catch(() => {});
    let retried = false;
    try {
      await this.waiting();
      await resolved;
      retried = true;
    } finally {
      this.incidents.splice(this.incidents.indexOf(incident), 1);
      if (retried) {
        this.retriesByElement.set(elementId, retries + 1);
        this.resolvedIncidents.push({ ...incident, resolvedAt: this.isoNow() });
        if (this.resolvedIncidents.length > MAX_RESOLVED_KEPT) this.resolvedIncidents.shift();
      }
      this.changed();
    }
  }

  /**
   * BPMN 2.0 §10.5.4 error catching: is there an error boundary event for `code` on
   * `fromElementId` or on a sub-process around it? A called process always lets the
   * error out, for the call activity in the calling process to catch.
   */
  canCatchError(fromElementId: string | null, code: string): boolean {
    return errorCaughtAround(this.model, fromElementId, code) || this.isCalledProcess;
  }

  errorBoundaryFor(element: FlowElement, code: string): BoundaryEventElement | null {
    return errorBoundaryFor(this.model, element, code);
  }

  /** canReach (model-lookups.ts), cached per instance: inclusive joins ask it on every token move. */
  canReach(fromId: string, gatewayId: string): boolean {
    const key = `${fromId}>${gatewayId}`;
    let found = this.reachability.get(key);
    if (found === undefined) {
      found = canReach(this.model, fromId, gatewayId);
      this.reachability.set(key, found);
    }
    return found;
  }

  private checkpoint(resume: ResumePoint): EngineCheckpoint {
    return {
      variables: this.variablesJson(),
      executionCounters: { ...this.executionCounters },
      completedElements: [...this.completedElements],
      completedElementsDropped: this.completedElementsDropped,
      warnings: [...this.warnings],
      history: this.history.map((entry) => ({ ...entry })),
      resume,
    };
  }

  private changed(): void {
    this.stateVersion += 1;
  }

  private isoNow(): string {
    return new Date(this.ports.now()).toISOString();
  }

  private variablesJson(): Record<string, JsonValue> {
    return toJson(this.rootVariables.ownVariables()) as Record<string, JsonValue>;
  }
}

function defaultStartEvent(model: ProcessModel): string {
  const none = model.startEventIds.find((id) => {
    const element = model.elements[id];
    return element?.kind === 'startEvent' && element.event.type === 'none';
  });
  const chosen = none ?? model.startEventIds[0];
  if (!chosen) throw new Error(`Process ${model.id} has no start event`);
  return chosen;
}
