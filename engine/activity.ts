/**
 * What every activity shares (BPMN 2.0 §10.3): boundary events racing the activity
 * (§10.5.4: an interrupting one cancels it, a non-interrupting one spawns a token and
 * lets it run on), multi-instance (§10.3.7), and `zeebe:ioMapping` with a local scope.
 * Escalation boundary events catch what the activity's inner scope throws.
 */
import type { BoundaryEventElement, FlowElement } from '../compiler/model.js';
import { armBoundaryEvent, boundaryOutcome, leaveByBoundary } from './behaviours/shared/boundary-events.js';
import { runExecutionListeners } from './behaviours/shared/execution-listeners.js';
import { runMultiInstance } from './behaviours/containers/MultiInstance.js';
import type { ActivityBehaviour, ActivityResult, Outcome, TokenContext } from './behaviours/types.js';
import type { EscalationCatch } from './flow-scope.js';
import { escalationBoundaryFor } from './model-lookups.js';
import { BpmnErrorSignal, type CancellationHandle, type Variables } from './ports.js';
import type { VariableScope } from './variables.js';

type RaceResult =
  | { kind: 'host' }
  | { kind: 'hostFailed'; error: unknown }
  | { kind: 'boundary'; boundary: BoundaryEventElement; variables: Variables }
  | { kind: 'watchEnded' };

export async function runActivity(element: FlowElement, behaviour: ActivityBehaviour, token: TokenContext): Promise<Outcome> {
  const { instance, flowScope } = token;
  const record = 'multiInstance' in element && element.multiInstance ? null : element.id;
  const boundaries = ('boundaryEventIds' in element ? element.boundaryEventIds : []).map((id) => instance.element(id) as BoundaryEventElement);
  const armed = boundaries.filter((boundary) => boundary.event.type !== 'error' && boundary.event.type !== 'escalation');
  const escalation = catchEscalations(element, token, boundaries);

  if (armed.length === 0 && record !== null && isTask(element)) {
    // Nothing can interrupt a plain task alone, and it opens no scope inside: it runs in
    // its flow scope's cancellation, without a scope (and its promises) of its own.
    try {
      await runActivityOnce(element, behaviour, token, flowScope.cancellation, flowScope.variables, {});
      return { flows: element.outgoing, record };
    } catch (error) {
      return catchError(element, token, error);
    }
  }

  const host = instance.ports.createScope(flowScope.cancellation);
  const body = () => runActivityBody(element, behaviour, token, host, escalation?.catch ?? null);
  if (armed.length === 0 && escalation === null) {
    try {
      await host.run(body);
      return { flows: element.outgoing, record };
    } catch (error) {
      return catchError(element, token, error);
    }
  }

  const watch = instance.ports.createScope(flowScope.cancellation);
  const hostDone = host.run(body).then(
    (): RaceResult => ({ kind: 'host' }),
    (error: unknown): RaceResult => ({ kind: 'hostFailed', error }),
  );
  const interrupts = armed.map((boundary) =>
    watch.run(() => armBoundaryEvent(boundary, token, watch)).then(
      (variables): RaceResult => ({ kind: 'boundary', boundary, variables }),
      (): RaceResult => ({ kind: 'watchEnded' }),
    ),
  );
  let first = await Promise.race([hostDone, ...interrupts, ...(escalation ? [escalation.interrupted] : [])]);
  if (first.kind === 'watchEnded') first = await hostDone; // a boundary that cannot arm no longer races
  if (first.kind === 'boundary') {
    host.cancel();
    watch.cancel();
    flowScope.variables.setAll(first.variables);
    return boundaryOutcome(first.boundary);
  }
  watch.cancel();
  if (first.kind === 'hostFailed') return catchError(element, token, first.error);
  return { flows: element.outgoing, record };
}

/** Tasks hold no inner flow scope (sub-processes and call activities do). */
function isTask(element: FlowElement): boolean {
  return element.kind !== 'subProcess' && element.kind !== 'callActivity';
}

/** BPMN 2.0 §10.5.4: a BPMN error leaving the activity is caught by its error boundary event. */
function catchError(element: FlowElement, token: TokenContext, error: unknown): Outcome {
  if (error instanceof BpmnErrorSignal && !token.flowScope.cancellation.cancelled) {
    const boundary = token.instance.errorBoundaryFor(element, error.code);
    if (boundary) {
      token.flowScope.variables.setAll(error.variables);
      return boundaryOutcome(boundary);
    }
  }
  throw error;
}

/**
 * BPMN 2.0 §10.5.4 escalation boundary events: a throw inside the activity's scope that
 * one of them catches either interrupts the activity (`interrupted` wins the race in
 * runActivity) or spawns a token on the boundary's flows while the activity runs on.
 */
function catchEscalations(
  element: FlowElement,
  token: TokenContext,
  boundaries: readonly BoundaryEventElement[],
): { catch: EscalationCatch; interrupted: Promise<RaceResult> } | null {
  if (!boundaries.some((boundary) => boundary.event.type === 'escalation')) return null;
  let interrupt: (boundary: BoundaryEventElement) => void = () => {};
  const interrupted = new Promise<RaceResult>((resolve) => {
    interrupt = (boundary) => resolve({ kind: 'boundary', boundary, variables: {} });
  });
  let fired = false;
  const catchEscalation: EscalationCatch = (code) => {
    const boundary = escalationBoundaryFor(token.instance.model, element, code);
    if (!boundary || fired) return null;
    if (boundary.cancelActivity) {
      fired = true;
      interrupt(boundary);
      return 'interrupted';
    }
    leaveByBoundary(boundary, token);
    return 'caught';
  };
  return { catch: catchEscalation, interrupted };
}

function runActivityBody(
  element: FlowElement,
  behaviour: ActivityBehaviour,
  token: TokenContext,
  host: CancellationHandle,
  escalationCatch: EscalationCatch | null,
): Promise<unknown> {
  if ('multiInstance' in element && element.multiInstance) {
    return runMultiInstance(element, element.multiInstance, token, host, (locals, cancellation, parent) =>
      runActivityOnce(element, behaviour, token, cancellation, parent, locals, escalationCatch),
    );
  }
  return runActivityOnce(element, behaviour, token, host, token.flowScope.variables, {}, escalationCatch);
}

/**
 * One execution: a local scope with `locals` and the input mappings, the behaviour,
 * then its result merged (Camunda 8): with output mappings, results stay local and the
 * outputs go to the parent scope; without, results propagate like any variable set.
 * Returns the local scope, for multi-instance output elements.
 */
export async function runActivityOnce(
  element: FlowElement,
  behaviour: ActivityBehaviour,
  token: TokenContext,
  cancellation: CancellationHandle,
  parentVariables: VariableScope,
  locals: Variables,
  escalationCatch: EscalationCatch | null = null,
): Promise<VariableScope> {
  const { instance } = token;
  const executionCounter = instance.nextExecution(element.id);
  const variables = parentVariables.child(locals);
  for (const input of element.ioMapping.inputs) {
    variables.setLocal(input.target, instance.expression(element.id, input.source, variables));
  }
  // Only an activity with listeners awaits them: an extra await elsewhere would reorder the
  // commands of concurrent branches and break the replay of running instances.
  const listeners = element.executionListeners;
  const scopes = { element: variables, parent: parentVariables };
  if (listeners) await runExecutionListeners(instance, element.id, listeners, 'start', scopes, cancellation);
  const result: ActivityResult = await behaviour.execute(element, {
    instance,
    flowScope: token.flowScope,
    variables,
    cancellation,
    executionCounter,
    catchEscalation: escalationCatch,
    runInnerScope: (startId) => token.flowScope.inner(element.id, variables, cancellation, escalationCatch).run(startId),
  });
  const { outputs } = element.ioMapping;
  if (outputs.length > 0 || result.localOnly) {
    for (const [name, value] of Object.entries(result.variables)) variables.setLocal(name, value);
    for (const output of outputs) {
      parentVariables.set(output.target, instance.expression(element.id, output.source, variables));
    }
  } else {
    for (const [name, value] of Object.entries(result.variables)) variables.set(name, value);
  }
  if (listeners) await runExecutionListeners(instance, element.id, listeners, 'end', scopes, cancellation);
  return variables;
}
