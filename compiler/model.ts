/**
 * The compiled process model: what the compiler produces from BPMN XML and what the
 * workflow interpreter executes. Plain JSON (no classes, no Dates, no Maps) so that it
 * can be stored with each deployed version and passed as a Temporal workflow argument.
 *
 * This module is imported by sandboxed workflow code: types and constants only, no
 * imports at all. Diagram interchange (shapes, edges) and documentation are never here.
 *
 * Bump MODEL_FORMAT_VERSION on any change that an interpreter built for the previous
 * version could misread; stored models keep the version they were compiled with.
 */
export const MODEL_FORMAT_VERSION = 1 as const;

// ---------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------

/**
 * A value that Camunda 8 reads as FEEL when it starts with `=`. `source` has the `=`
 * removed and has already been parsed by the compiler (syntax errors are rejected at
 * deployment, so the interpreter only meets evaluation-time trouble).
 */
export interface FeelExpression {
  kind: 'feel';
  source: string;
}

/** The same attribute written without `=`: a static string, used as is. */
export interface LiteralValue {
  kind: 'literal';
  value: string;
}

/** Any attribute that may be FEEL or a static value (marked which). */
export type Expression = FeelExpression | LiteralValue;

/**
 * Candidate groups / users: either a FEEL expression (evaluating to a list or a
 * comma-separated string) or a static comma list already split and trimmed.
 */
export type NameListExpression = FeelExpression | { kind: 'list'; values: string[] };

/** JSON as stored (an embedded form schema). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------
// Event definitions
// ---------------------------------------------------------------------------------

/** No event definition: a none start/end/throw event. */
export interface NoneEventDefinition {
  type: 'none';
}

/**
 * BPMN 2.0 §10.5.5 message event. `messageName` comes from the referenced
 * `bpmn:message name`; `correlationKey` from its `zeebe:subscription` (null on start
 * events, where Camunda does not use one, and on message end events).
 */
export interface MessageEventDefinition {
  type: 'message';
  /** Null on a message throw or end event that a job sends and that names no message. */
  messageName: Expression | null;
  correlationKey: Expression | null;
}

/** A timer as written and, for literals, parsed once here (see ParsedTimer). */
export interface TimerEventDefinition {
  type: 'timer';
  timer: TimerDefinition;
}

/**
 * BPMN 2.0 §10.5.4 error event. On an end event `errorCode` is what is thrown; on a
 * boundary event null means "catch any error".
 */
export interface ErrorEventDefinition {
  type: 'error';
  errorCode: string | null;
}

/** BPMN 2.0 §10.5.6 terminate end event: ends every token of the process instance. */
export interface TerminateEventDefinition {
  type: 'terminate';
}

/**
 * BPMN 2.0 §10.5.5 signal event: broadcast by name to every waiting catch event and
 * signal start event (Camunda 8 `bpmn:signal name`, literal or FEEL), never buffered.
 */
export interface SignalEventDefinition {
  type: 'signal';
  signalName: Expression;
}

/**
 * BPMN 2.0 §10.5.4 escalation event. On a throw event `escalationCode` is what is
 * thrown; on a catch (boundary, event sub-process start) null catches every code.
 */
export interface EscalationEventDefinition {
  type: 'escalation';
  escalationCode: string | null;
}

/**
 * BPMN 2.0 §10.5.4 link event: a throw jumps to the catch of the same name in the same
 * scope. On a throw, `targetId` is that catch, resolved by the compiler.
 */
export interface LinkEventDefinition {
  type: 'link';
  linkName: string;
  targetId?: string;
}

export type EventDefinition =
  | NoneEventDefinition
  | MessageEventDefinition
  | TimerEventDefinition
  | ErrorEventDefinition
  | TerminateEventDefinition
  | SignalEventDefinition
  | EscalationEventDefinition
  | LinkEventDefinition;

// ---------------------------------------------------------------------------------
// Timers
// ---------------------------------------------------------------------------------

/**
 * `timeDuration`, `timeDate` or `timeCycle` (BPMN 2.0 §10.5.4, ISO 8601 values).
 * When the diagram gives a literal, `parsed` holds it in milliseconds so that the
 * workflow never parses dates; when it gives FEEL, `parsed` is null and the
 * interpreter evaluates `source` (a duration, a date-and-time or a cycle string).
 */
export interface TimerDefinition {
  kind: 'duration' | 'date' | 'cycle';
  source: Expression;
  parsed: ParsedTimer | null;
}

export type ParsedTimer =
  /**
   * `PnYnMnWnDTnHnMnS`: wait this long from the moment the timer is armed; `months`
   * (years count 12) are calendar months in UTC, added before `durationMs`
   * (compiler/timers.ts). Absent in models compiled before months were allowed.
   */
  | { kind: 'duration'; durationMs: number; months?: number }
  /** ISO 8601 date-time (with `Z` or an offset; without one, UTC): fire at this instant. */
  | { kind: 'date'; epochMs: number }
  /**
   * `R[n]/[start/]duration`: fire every `intervalMs`, `repetitions` times (null when
   * the diagram wrote `R/…`, meaning unbounded), first at `startEpochMs` + interval
   * when a start is given, else one interval after arming.
   */
  | { kind: 'cycle'; repetitions: number | null; intervalMs: number; intervalMonths?: number; startEpochMs: number | null };

// ---------------------------------------------------------------------------------
// Extensions shared by several kinds
// ---------------------------------------------------------------------------------

/** One `zeebe:input` / `zeebe:output`: evaluate `source`, write it to `target`. */
export interface VariableMapping {
  source: Expression;
  target: string;
}

/**
 * `zeebe:ioMapping`. Inputs are evaluated on entering the element into its local
 * scope; outputs on leaving it, into the parent scope.
 */
export interface IoMapping {
  inputs: VariableMapping[];
  outputs: VariableMapping[];
}

/**
 * A job handed to a worker (`zeebe:taskDefinition`, `zeebe:taskHeaders`): service,
 * send and business rule tasks, script tasks without `zeebe:script`, message end events.
 */
export interface JobDefinition {
  /** The service-task type, e.g. `erp.createShipment` (CONTRACT §4). */
  taskType: string;
  /** How many attempts before an incident opens. Default 3. */
  retries: number;
  headers: Record<string, string>;
  /**
   * `type="=…"`: FEEL evaluated per job (Camunda 8), `taskType` then holds the source as
   * written. A type no worker serves opens an incident naming it, since it cannot be
   * checked at deployment.
   */
  taskTypeExpression?: string;
  /** `retries="=…"`: FEEL evaluated per job; `retries` is then the default (3). */
  retriesExpression?: string;
  /**
   * How the engine runs it: `local` as a Temporal local activity (short, idempotent
   * store steps: no activity task round trip), else as an activity. Set at deployment
   * from the service-task registry; a `zeebe:taskHeaders` header `executionMode`
   * (`local` | `activity`) overrides it per task (deployments/execution-modes.ts).
   */
  execution?: 'activity' | 'local';
}

/**
 * `zeebe:loopCharacteristics` on `bpmn:multiInstanceLoopCharacteristics`
 * (BPMN 2.0 §10.3.7). The element runs once per item of `inputCollection`.
 */
export interface MultiInstance {
  isSequential: boolean;
  /** FEEL source evaluating to a list. */
  inputCollection: string;
  /** Variable name holding the current item in each inner instance. */
  inputElement: string | null;
  /** Variable name of the collected results list, in the outer scope. */
  outputCollection: string | null;
  /** FEEL source evaluated in each inner instance when it completes. */
  outputElement: string | null;
  /** FEEL source; when true after an inner instance completes, the rest are cancelled. */
  completionCondition: string | null;
}

// ---------------------------------------------------------------------------------
// Elements
// ---------------------------------------------------------------------------------

export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'messageThrowEvent'
  | 'boundaryEvent'
  | 'serviceTask'
  | 'sendTask'
  | 'businessRuleTask'
  | 'scriptTask'
  | 'userTask'
  | 'task'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'callActivity'
  | 'receiveTask';

/** What every flow node has. */
interface ElementBase {
  id: string;
  name: string | null;
  kind: ElementKind;
  /** The container: the process id, or the id of the enclosing sub-process. */
  parentId: string;
  /** Sequence flow ids, in document order. */
  incoming: string[];
  outgoing: string[];
  /** `zeebe:ioMapping`; empty lists when the diagram has none. */
  ioMapping: IoMapping;
  /**
   * `zeebe:executionListeners`, in document order; absent when there are none. Only the
   * event types Camunda 8 runs on this kind of element get here (read/execution-listeners.ts).
   */
  executionListeners?: ExecutionListener[];
}

/** What activities (tasks, sub-processes, call activities) add. */
interface ActivityBase extends ElementBase {
  /** Boundary events attached to this activity, in document order. */
  boundaryEventIds: string[];
  /** Set when the activity carries multi-instance loop characteristics. */
  multiInstance: MultiInstance | null;
}

/**
 * A Camunda 8 execution listener: a job of its type, run when the element (or the
 * process) starts, after its input mappings, or ends, after its output mappings, one
 * after the other. A failure opens an incident on the element, like a job's.
 */
export interface ExecutionListener {
  eventType: 'start' | 'end';
  job: JobDefinition;
}

/**
 * BPMN 2.0 §10.5.2. `event` is none, message, timer or signal; the start event of an
 * event sub-process may also be error or escalation, and says whether it interrupts.
 */
export interface StartEventElement extends ElementBase {
  kind: 'startEvent';
  event: NoneEventDefinition | MessageEventDefinition | TimerEventDefinition | SignalEventDefinition | ErrorEventDefinition | EscalationEventDefinition;
  /** Event sub-process starts only (BPMN `isInterrupting`, default true). */
  interrupting?: boolean;
  /**
   * Variables the start is declared to bring (the start form's fields, or a
   * `zeebe:property name="startVariables"` listing them); only deployment checks read it.
   */
  declaredVariables?: string[];
}

/**
 * BPMN 2.0 §10.5.3. A message end event is a job like a send task (Camunda 8 hands it
 * to a worker), so it carries `job`; every other end event has `job` null.
 */
export interface EndEventElement extends ElementBase {
  kind: 'endEvent';
  event: NoneEventDefinition | TerminateEventDefinition | ErrorEventDefinition | MessageEventDefinition | SignalEventDefinition | EscalationEventDefinition;
  job: JobDefinition | null;
}

/** BPMN 2.0 §10.5.4: waits for a message, a timer or a signal; a link catch passes straight on. */
export interface IntermediateCatchEventElement extends ElementBase {
  kind: 'intermediateCatchEvent';
  event: MessageEventDefinition | TimerEventDefinition | SignalEventDefinition | LinkEventDefinition;
}

/** An intermediate throw event: none (a milestone), signal, escalation or link. */
export interface IntermediateThrowEventElement extends ElementBase {
  kind: 'intermediateThrowEvent';
  event: NoneEventDefinition | SignalEventDefinition | EscalationEventDefinition | LinkEventDefinition;
}

/**
 * BPMN 2.0 §10.5.4 intermediate message throw event. Camunda 8 sends the message through
 * a job (`zeebe:taskDefinition`), like a send task; a message reference is optional.
 */
export interface MessageThrowEventElement extends ElementBase {
  kind: 'messageThrowEvent';
  event: MessageEventDefinition;
  job: JobDefinition;
}

/**
 * BPMN 2.0 §10.5.4 boundary event, attached to `attachedToRef`. Interrupting
 * (`cancelActivity` true) cancels the host; error boundaries are always interrupting.
 */
export interface BoundaryEventElement extends ElementBase {
  kind: 'boundaryEvent';
  attachedToRef: string;
  cancelActivity: boolean;
  event: TimerEventDefinition | MessageEventDefinition | ErrorEventDefinition | SignalEventDefinition | EscalationEventDefinition;
}

/** BPMN 2.0 §10.3.3 receive task: waits for its message, like a catch event, but is an activity (boundary events). */
export interface ReceiveTaskElement extends ActivityBase {
  kind: 'receiveTask';
  event: MessageEventDefinition;
}

/** Service, send and business rule tasks: all run a job of `job.taskType`. */
export interface JobTaskElement extends ActivityBase {
  kind: 'serviceTask' | 'sendTask' | 'businessRuleTask';
  job: JobDefinition;
  /**
   * A business rule task's `zeebe:calledDecision`: the engine evaluates the DMN decision
   * itself, as the job `job.taskType` = DECISION_TASK_TYPE whose headers name it.
   */
  calledDecision?: CalledDecision;
}

/**
 * Which version of a deployed resource (process, decision, form) a reference means
 * (Camunda 8 `bindingType`): the latest, the one deployed together with the referring
 * process (its deployment id is filled in at deployment), or the one with a version tag.
 */
export type ResourceBinding =
  | { bindingType: 'latest' }
  | { bindingType: 'deployment'; deploymentId?: string }
  | { bindingType: 'versionTag'; versionTag: string };

/** `zeebe:calledDecision decisionId resultVariable bindingType versionTag`. */
export interface CalledDecision {
  decisionId: string;
  /** Where the decision's result is stored (required in Camunda 8). */
  resultVariable: string;
  binding: ResourceBinding;
}

/** The job type of a business rule task that calls a DMN decision; the engine's own worker serves it. */
export const DECISION_TASK_TYPE = 'bpm.evaluateDecision';

/**
 * Script task: either FEEL evaluated in the workflow (`zeebe:script`, exactly one of
 * `script`/`job` is set) or a job for a worker (`zeebe:taskDefinition`).
 */
export interface ScriptTaskElement extends ActivityBase {
  kind: 'scriptTask';
  script: { expression: string; resultVariable: string } | null;
  job: JobDefinition | null;
}

/** A form shown to the person completing the task. */
export type UserTaskForm =
  /** `zeebe:formDefinition formId`: a form deployed separately (a `.form` file), by id. */
  | { kind: 'formId'; formId: string; binding?: ResourceBinding }
  /** `zeebe:formDefinition formKey` (Camunda 8 custom form key), passed through. */
  | { kind: 'formKey'; formKey: string }
  /** `zeebe:formDefinition externalReference`: a URL or FEEL that yields one. */
  | { kind: 'external'; reference: Expression }
  /** `zeebe:userTaskForm`: the form-js JSON embedded in the diagram. */
  | { kind: 'embedded'; schema: JsonValue };

/**
 * BPMN 2.0 §10.3.3 user task. Ownership: `assignee` if set; otherwise whoever is in
 * `candidateUsers` or `candidateGroups`; when `candidateGroups` is null the lane's
 * group (`laneCandidateGroup`) stands in. When all four are null the task is open to
 * every employee (a deployment warning says so).
 */
export interface UserTaskElement extends ActivityBase {
  kind: 'userTask';
  assignee: Expression | null;
  candidateGroups: NameListExpression | null;
  candidateUsers: NameListExpression | null;
  /** Innermost lane's name, lower-cased, spaces as `-` ("Sales Managers" → `sales-managers`). */
  laneCandidateGroup: string | null;
  /**
   * `bpmn:documentation`: what to do at this step, plain text with its line breaks.
   * Optional because models deployed before it existed lack it.
   */
  instructions?: string | null;
  /** The step's SLA deadline: ISO 8601 date-time literal or FEEL. */
  dueDate: Expression | null;
  followUpDate: Expression | null;
  /** 0..100 in Camunda 8; literal number or FEEL. */
  priority: Expression | null;
  form: UserTaskForm | null;
}

/**
 * A plain `bpmn:task` or a `bpmn:manualTask`: nothing to execute, the token passes
 * straight through (as in Camunda 8). Kept as an element so that it shows in the
 * instance history and can carry io mappings and boundary events.
 */
export interface PlainTaskElement extends ActivityBase {
  kind: 'task';
}

/** BPMN 2.0 §13.3.2 (exclusive) and §13.3.3 (inclusive) gateways. */
export interface ConditionalGatewayElement extends ElementBase {
  kind: 'exclusiveGateway' | 'inclusiveGateway';
  /** Flow taken when no condition is true. */
  defaultFlowId: string | null;
}

/** BPMN 2.0 §13.3.4 parallel gateway: forks to all, joins by waiting for all. */
export interface ParallelGatewayElement extends ElementBase {
  kind: 'parallelGateway';
}

/**
 * BPMN 2.0 §13.3.5 event-based gateway: every outgoing flow leads to an intermediate
 * message or timer catch event; the first to fire wins.
 */
export interface EventBasedGatewayElement extends ElementBase {
  kind: 'eventBasedGateway';
}

/** BPMN 2.0 §10.3.5 embedded sub-process: its own scope with one none start event. */
export interface SubProcessElement extends ActivityBase {
  kind: 'subProcess';
  /** Direct children (not grandchildren), in document order. */
  childElementIds: string[];
  /** The single none start event inside (an event sub-process: its one start event). */
  startEventId: string;
  /** BPMN 2.0 §10.3.5 event sub-process: started by its start event's trigger, never by a flow. */
  triggeredByEvent?: boolean;
  /** Event sub-processes directly inside, in document order. */
  eventSubProcessIds?: string[];
}

/** BPMN 2.0 §10.3.6 call activity (`zeebe:calledElement`): runs another process. */
export interface CallActivityElement extends ActivityBase {
  kind: 'callActivity';
  /** Process id (key) of the called process: literal or FEEL. */
  calledProcessId: Expression;
  /**
   * `zeebe:calledElement bindingType`: which version is called. Absent: the latest.
   * `deployment`: the version deployed together with the calling process. `versionTag`:
   * the latest version whose `zeebe:versionTag` is `versionTag`.
   */
  bindingType?: 'deployment' | 'versionTag';
  versionTag?: string;
  /** Copy all child variables back on completion (Camunda 8 default true). */
  propagateAllChildVariables: boolean;
  /** Pass all parent variables in (Camunda 8 default true). */
  propagateAllParentVariables: boolean;
}

export type FlowElement =
  | StartEventElement
  | EndEventElement
  | IntermediateCatchEventElement
  | IntermediateThrowEventElement
  | MessageThrowEventElement
  | BoundaryEventElement
  | JobTaskElement
  | ScriptTaskElement
  | UserTaskElement
  | PlainTaskElement
  | ConditionalGatewayElement
  | ParallelGatewayElement
  | EventBasedGatewayElement
  | SubProcessElement
  | CallActivityElement
  | ReceiveTaskElement;

/** Narrow a FlowElement by kind: `ElementOfKind<'userTask'>` is UserTaskElement. */
export type ElementOfKind<K extends ElementKind> = Extract<FlowElement, { kind: K }>;

/** Kinds that are activities (can host boundary events and multi-instance). */
export const ACTIVITY_KINDS: readonly ElementKind[] = [
  'serviceTask',
  'sendTask',
  'businessRuleTask',
  'scriptTask',
  'userTask',
  'task',
  'subProcess',
  'callActivity',
  'receiveTask',
];

// ---------------------------------------------------------------------------------
// Flows and processes
// ---------------------------------------------------------------------------------

/** BPMN 2.0 §10.2 sequence flow. */
export interface SequenceFlow {
  id: string;
  name: string | null;
  sourceRef: string;
  targetRef: string;
  /**
   * FEEL source of `conditionExpression` without the leading `=`; null when
   * unconditional. Only flows leaving exclusive or inclusive gateways carry one.
   */
  condition: string | null;
}

/** One executable `bpmn:process`, compiled. */
export interface ProcessModel {
  formatVersion: typeof MODEL_FORMAT_VERSION;
  /** The process id: the deployment key. */
  id: string;
  name: string | null;
  /** Always true in a compiled model: non-executable processes are not compiled. */
  isExecutable: boolean;
  /** Every flow node of the process and of its sub-processes, by id. */
  elements: Record<string, FlowElement>;
  /** Every sequence flow, at any depth, by id. */
  flows: Record<string, SequenceFlow>;
  /** Top-level start events (none, message, timer, signal), in document order. */
  startEventIds: string[];
  /** `zeebe:versionTag`: a name for this version, for call activities bound by it. */
  versionTag?: string;
  /** Top-level event sub-processes, in document order (absent before they were supported). */
  eventSubProcessIds?: string[];
  /** The process's own `zeebe:executionListeners`: start before its start event, end after its last token. */
  executionListeners?: ExecutionListener[];
}
