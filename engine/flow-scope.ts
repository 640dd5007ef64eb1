/**
 * A flow scope: one execution of a process or of an embedded sub-process, with its
 * tokens (BPMN 2.0 §13.2 token semantics). What every element shares lives here once:
 * moving tokens, splitting on several outgoing flows, counting arrivals at joins,
 * noticing that the last token has ended (the scope completes), and tearing everything
 * down when the scope fails or is terminated.
 *
 * Tokens are plain async functions: parallel branches are plain Promise concurrency,
 * which Temporal's sandbox runs deterministically.
 *
 * A scope with event sub-processes (BPMN 2.0 §10.3.5) arms them while it is active and
 * runs its tokens in a cancellation of their own, so that an interrupting one can end
 * every other token and still run inside the scope. Escalations thrown inside look for
 * their catch here, inner scope first (§10.5.4).
 */
import { runActivity } from './activity.js';
import { armEventSubProcess, type EventSubProcessScope } from './behaviours/containers/EventSubProcess.js';
import { behaviourFor } from './behaviours/index.js';
import { runFlowNodeWithListeners } from './behaviours/shared/flow-node-listeners.js';
import type { Outcome, TokenContext } from './behaviours/types.js';
import type { ProcessInstance } from './instance.js';
import { eventSubProcessesOf, eventSubProcessFor } from './model-lookups.js';
import { BpmnErrorSignal, type CancellationHandle } from './ports.js';
import type { VariableScope } from './variables.js';

/** How an escalation thrown inside ended up: its catch interrupted the thrower's scope, let it go on, or there was none. */
export type EscalationOutcome = 'interrupted' | 'caught' | 'uncaught';

/** The escalation boundary events of the activity that owns a scope (activity.ts): null when none catches `code`. */
export type EscalationCatch = (code: string) => Exclude<EscalationOutcome, 'uncaught'> | null;

/** Where a continued run picks the single token up again. */
export interface ResumePoint {
  elementId: string;
  viaFlowId: string | null;
}

/** Thrown out of the root scope at a safe point when the history should start afresh. */
export class ContinueAsNewSignal extends Error {
  constructor(readonly resume: ResumePoint) {
    super('continue as new');
    this.name = 'ContinueAsNewSignal';
  }
}

export class FlowScope implements EventSubProcessScope {
  /** Token id -> the element it stands on. */
  private readonly tokens = new Map<number, string>();
  /** Parallel joins: arrivals per incoming flow. */
  private readonly arrivals = new Map<string, Map<string, number>>();
  /** Inclusive joins with tokens waiting for the others that can still arrive. */
  private readonly inclusiveJoins = new Set<string>();
  /** Inclusive joins released: the next token on them fires the join. */
  private readonly releasedJoins = new Set<string>();
  private settled = false;
  private checkingJoins = false;
  /** Grows when an interrupting event sub-process ends the tokens: a token of an older generation stops silently. */
  private generation = 0;
  private readonly eventSubProcessIds: readonly string[];
  /** Tokens started on an event sub-process: an error inside one is not caught by its own scope's handlers. */
  private readonly eventSubProcessTokens = new Set<number>();
  /** The cancellation the tokens run in: the owner's, or one of their own when event sub-processes may interrupt them. */
  private tokenCancellation: CancellationHandle;
  /** The armed message, timer and signal starts of event sub-processes. */
  private watchers: CancellationHandle | null = null;
  private resolveDone!: () => void;
  private rejectDone!: (error: unknown) => void;
  private readonly done: Promise<void>;

  constructor(
    readonly instance: ProcessInstance,
    readonly containerId: string,
    readonly variables: VariableScope,
    private readonly outerCancellation: CancellationHandle,
    readonly parent: FlowScope | null,
    private readonly escalationCatch: EscalationCatch | null = null,
  ) {
    this.eventSubProcessIds = eventSubProcessesOf(instance.model, containerId);
    this.tokenCancellation = this.eventSubProcessIds.length > 0 ? instance.ports.createScope(outerCancellation) : outerCancellation;
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
  }

  /** The cancellation every element of this scope waits in. */
  get cancellation(): CancellationHandle {
    return this.tokenCancellation;
  }

  /** The flow scope of an embedded sub-process's execution, inside this one. */
  inner(containerId: string, variables: VariableScope, cancellation: CancellationHandle, escalationCatch: EscalationCatch | null = null): FlowScope {
    return new FlowScope(this.instance, containerId, variables, cancellation, this, escalationCatch);
  }

  get closed(): boolean {
    return this.settled;
  }

  /** Starts one token on `elementId`; resolves when the last token of the scope has ended. */
  run(elementId: string, viaFlowId: string | null = null): Promise<void> {
    this.spawn(elementId, viaFlowId);
    this.armEventSubProcesses();
    return this.done;
  }

  /** A new token on `elementId`, counted at once so that the scope cannot complete meanwhile. */
  spawn(elementId: string, viaFlowId: string | null): number | null {
    if (this.settled) return null;
    const tokenId = this.instance.newTokenId();
    this.place(tokenId, elementId);
    void this.runToken(tokenId, elementId, viaFlowId);
    return tokenId;
  }

  /** BPMN 2.0 §10.3.5: an event sub-process of this scope was triggered. */
  triggerEventSubProcess(eventSubProcessId: string, interrupting: boolean, variables: Record<string, unknown>): void {
    if (this.settled) return;
    if (interrupting) this.interrupt();
    this.variables.setAll(variables);
    const tokenId = this.spawn(eventSubProcessId, null);
    if (tokenId !== null) this.eventSubProcessTokens.add(tokenId);
  }

  /**
   * BPMN 2.0 §10.5.4 escalation thrown inside this scope: an escalation event
   * sub-process here catches it first, then a boundary event of the activity that owns
   * the scope, then the scopes around it.
   */
  escalate(code: string): EscalationOutcome {
    const handler = eventSubProcessFor(this.instance.model, this.eventSubProcessIds, 'escalation', code);
    if (handler && !this.settled) {
      const start = this.instance.element(handler.startEventId);
      const interrupting = start.kind !== 'startEvent' || start.interrupting !== false;
      this.triggerEventSubProcess(handler.id, interrupting, {});
      return interrupting ? 'interrupted' : 'caught';
    }
    const caught = this.escalationCatch?.(code) ?? null;
    if (caught !== null) return caught;
    return this.parent?.escalate(code) ?? 'uncaught';
  }

  /** New tokens on each of `flowIds` (a non-interrupting boundary event, a join that fired). */
  leave(record: string | null, flowIds: readonly string[]): void {
    if (this.settled) return;
    if (record !== null) {
      this.instance.occurred(record);
      this.instance.complete(record);
    }
    for (const flowId of flowIds) this.spawn(this.instance.targetOf(flowId), flowId);
  }

  /**
   * BPMN 2.0 §13.3.4 parallel join: a token on every incoming flow. Returns true when
   * this arrival completes the set (one token per flow is consumed).
   */
  arriveAtParallelJoin(gatewayId: string, viaFlowId: string | null, incoming: readonly string[]): boolean {
    const counts = this.arrivals.get(gatewayId) ?? new Map<string, number>();
    this.arrivals.set(gatewayId, counts);
    const flow = viaFlowId ?? incoming[0]!;
    counts.set(flow, (counts.get(flow) ?? 0) + 1);
    if (!incoming.every((flowId) => (counts.get(flowId) ?? 0) > 0)) return false;
    for (const flowId of incoming) {
      const left = counts.get(flowId)! - 1;
      if (left === 0) counts.delete(flowId);
      else counts.set(flowId, left);
    }
    if (counts.size === 0) this.arrivals.delete(gatewayId);
    return true;
  }

  /**
   * BPMN 2.0 §13.3.3 inclusive join: the arriving token is absorbed; once no other token
   * of this scope can still arrive, one token is placed on the gateway to fire it.
   */
  waitAtInclusiveJoin(gatewayId: string): void {
    this.inclusiveJoins.add(gatewayId);
  }

  /** True (once) for the token placed on a released inclusive join. */
  takeReleasedJoin(gatewayId: string): boolean {
    return this.releasedJoins.delete(gatewayId);
  }

  /** Terminate end event (BPMN 2.0 §10.5.3; Camunda 8: ends the enclosing scope only). */
  terminate(): void {
    if (this.settled) return;
    this.settled = true;
    this.clearTokens();
    this.disarm();
    this.cancellation.cancel();
    this.resolveDone();
  }

  /** The scope ends with `error`: every other token is cancelled. */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.clearTokens();
    this.disarm();
    if (!(error instanceof ContinueAsNewSignal)) this.cancellation.cancel();
    this.rejectDone(error);
  }

  /** Message, timer and signal starts of the event sub-processes wait while the scope is active. */
  private armEventSubProcesses(): void {
    const armable = this.eventSubProcessIds.filter((id) => {
      const esp = this.instance.element(id);
      const start = esp.kind === 'subProcess' ? this.instance.element(esp.startEventId) : null;
      return start?.kind === 'startEvent' && (start.event.type === 'message' || start.event.type === 'timer' || start.event.type === 'signal');
    });
    if (armable.length === 0 || this.settled) return;
    const watchers = this.instance.ports.createScope(this.outerCancellation);
    this.watchers = watchers;
    for (const id of armable) {
      const esp = this.instance.element(id);
      if (esp.kind !== 'subProcess') continue;
      void watchers.run(() => armEventSubProcess(esp, { instance: this.instance, flowScope: this }, this, watchers)).catch(() => {});
    }
  }

  private disarm(): void {
    this.watchers?.cancel();
    this.watchers = null;
  }

  /** An interrupting event sub-process: every token and every other armed start ends, the scope stays open for it. */
  private interrupt(): void {
    this.generation += 1;
    this.clearTokens();
    this.arrivals.clear();
    this.inclusiveJoins.clear();
    this.releasedJoins.clear();
    this.disarm();
    this.tokenCancellation.cancel();
    this.tokenCancellation = this.instance.ports.createScope(this.outerCancellation);
  }

  private async runToken(tokenId: number, startAt: string, startVia: string | null): Promise<void> {
    const generation = this.generation;
    const current = () => !this.settled && generation === this.generation;
    let elementId = startAt;
    let viaFlowId = startVia;
    try {
      for (;;) {
        if (!current()) return;
        this.place(tokenId, elementId);
        this.checkInclusiveJoins();
        if (this.atSafePoint(elementId)) throw new ContinueAsNewSignal({ elementId, viaFlowId });
        const token: TokenContext = { instance: this.instance, flowScope: this, tokenId, viaFlowId };
        const entry = this.instance.entered(elementId);
        let outcome: Outcome | null = null;
        try {
          outcome = await this.runElement(elementId, token);
        } finally {
          this.instance.left(entry, !(outcome !== null && outcome.record === null && isJoin(this.instance.element(elementId).kind)));
        }
        if (!current()) return;
        if (outcome.record !== null && outcome.record !== elementId) this.instance.occurred(outcome.record);
        if (outcome.record !== null) this.instance.complete(outcome.record);
        const [first, ...others] = outcome.flows;
        for (const flowId of others) this.spawn(this.instance.targetOf(flowId), flowId);
        if (outcome.jumpTo !== undefined) {
          elementId = outcome.jumpTo;
          viaFlowId = null;
          continue;
        }
        if (first === undefined) {
          this.endToken(tokenId);
          return;
        }
        elementId = this.instance.targetOf(first);
        viaFlowId = first;
      }
    } catch (error) {
      if (!current()) return; // interrupted by an event sub-process: nothing of this token counts
      // BPMN 2.0 §10.3.5: an error event sub-process of this scope catches what nothing inside caught.
      if (error instanceof BpmnErrorSignal && !this.eventSubProcessTokens.has(tokenId)) {
        const handler = eventSubProcessFor(this.instance.model, this.eventSubProcessIds, 'error', error.code);
        if (handler) {
          this.triggerEventSubProcess(handler.id, true, error.variables);
          return;
        }
      }
      this.fail(error);
    }
  }

  private runElement(elementId: string, token: TokenContext): Promise<Outcome> {
    const element = this.instance.element(elementId);
    const behaviour = behaviourFor(element.kind);
    if (behaviour.role === 'activity') return runActivity(element, behaviour, token);
    // Only an element with listeners awaits them: an extra await elsewhere would reorder the
    // commands of concurrent branches and break the replay of running instances.
    return element.executionListeners ? runFlowNodeWithListeners(element, behaviour, token) : behaviour.run(element, token);
  }

  /**
   * Continue-as-new only where nothing is in flight: the root scope, one single token,
   * between two elements, and not entering a join (which would need its arrivals).
   */
  private atSafePoint(elementId: string): boolean {
    if (this.parent !== null || this.tokens.size !== 1 || this.arrivals.size > 0 || this.inclusiveJoins.size > 0) return false;
    // An event sub-process under way, or about to be, is not carried over (its trigger is gone).
    if (this.eventSubProcessTokens.size > 0 || this.eventSubProcessIds.includes(elementId)) return false;
    const kind = this.instance.element(elementId).kind;
    if (kind === 'parallelGateway' || kind === 'inclusiveGateway') return false;
    return this.instance.ports.continueAsNewSuggested();
  }

  private place(tokenId: number, elementId: string): void {
    this.tokens.set(tokenId, elementId);
    this.instance.placeToken(tokenId, elementId);
  }

  private endToken(tokenId: number): void {
    this.tokens.delete(tokenId);
    this.instance.removeToken(tokenId);
    this.checkInclusiveJoins();
    if (this.tokens.size === 0 && !this.settled) {
      this.settled = true;
      this.disarm();
      this.resolveDone();
    }
  }

  private clearTokens(): void {
    for (const tokenId of this.tokens.keys()) this.instance.removeToken(tokenId);
    this.tokens.clear();
  }

  private checkInclusiveJoins(): void {
    if (this.checkingJoins || this.inclusiveJoins.size === 0) return;
    this.checkingJoins = true;
    try {
      for (const gatewayId of [...this.inclusiveJoins]) {
        // A token standing on the gateway is still arriving: it checks again once absorbed.
        const stillComing = [...this.tokens.values()].some((at) => at === gatewayId || this.instance.canReach(at, gatewayId));
        if (!stillComing) {
          this.inclusiveJoins.delete(gatewayId);
          this.releasedJoins.add(gatewayId);
          this.spawn(gatewayId, null);
        }
      }
    } finally {
      this.checkingJoins = false;
    }
  }
}

/** A join arrival that fired nothing is absorbed: it is not a step of its own in the history. */
function isJoin(kind: string): boolean {
  return kind === 'parallelGateway' || kind === 'inclusiveGateway';
}
