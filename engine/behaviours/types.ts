import type { FlowElement } from '../../compiler/model.js';
import type { FlowScope } from '../flow-scope.js';
import type { ProcessInstance } from '../instance.js';
import type { CancellationHandle, Variables } from '../ports.js';
import type { VariableScope } from '../variables.js';

/**
 * What a token does after an element: take these flows (none: the token ends here) and
 * record this element as completed (null: nothing completed, e.g. a join still waiting).
 */
export interface Outcome {
  flows: readonly string[];
  record: string | null;
  /**
   * The token goes on at this element instead of along a flow: a link throw's link
   * catch, or a boundary event that fired and has end listeners to run.
   */
  jumpTo?: string;
  /** No end execution listeners follow: the element's escalation interrupted its scope, or it ran them itself. */
  skipEndListeners?: true;
}

/** A token standing on an element, as every behaviour sees it. */
export interface TokenContext {
  readonly instance: ProcessInstance;
  readonly flowScope: FlowScope;
  readonly tokenId: number;
  /** The sequence flow the token came by (null for start events and resumed runs). */
  readonly viaFlowId: string | null;
  /**
   * The element's own local scope, when it has one (an event or gateway with execution
   * listeners: their start results, a signal throw's input mappings). The element reads
   * its expressions here; what it hands on still goes to the flow scope. Absent: the
   * element reads the flow scope's variables.
   */
  readonly variables?: VariableScope;
}

/** Events and gateways: they decide where the token goes. */
export interface FlowNodeBehaviour<E extends FlowElement = FlowElement> {
  readonly role: 'flowNode';
  run(element: E, token: TokenContext): Promise<Outcome>;
}

/** What an activity hands back: variables to merge (see activity.ts for how). */
export interface ActivityResult {
  variables: Variables;
  /** Camunda's propagateAllChildVariables=false: results feed output mappings only. */
  localOnly?: boolean;
}

/** One execution of an activity (one inner instance of a multi-instance activity). */
export interface ActivityContext {
  readonly instance: ProcessInstance;
  readonly flowScope: FlowScope;
  /** The activity's own local scope (input mappings, multi-instance element, loopCounter). */
  readonly variables: VariableScope;
  readonly cancellation: CancellationHandle;
  /** Per-element execution counter: unique per (element, execution), survives continue-as-new. */
  readonly executionCounter: number;
  /** The activity's escalation boundary events (null: none): what a called process's escalation goes to. */
  readonly catchEscalation: ((escalationCode: string) => 'interrupted' | 'caught' | null) | null;
  /** Runs this execution's own flow scope (embedded sub-process) from `startId` until its last token ends. */
  runInnerScope(startId: string): Promise<void>;
}

/** Tasks, sub-processes and call activities: boundary events, io mappings and multi-instance are shared (activity.ts). */
export interface ActivityBehaviour<E extends FlowElement = FlowElement> {
  readonly role: 'activity';
  execute(element: E, context: ActivityContext): Promise<ActivityResult>;
}

export type Behaviour = FlowNodeBehaviour | ActivityBehaviour;
