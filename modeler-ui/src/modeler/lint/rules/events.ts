import { parseTimer } from '../../../../../compiler/timers.js';
import { article, extension, is, list, localType, textOf, type LintRule, type ModdleElement, type Reporter } from '../moddle.js';

type Trigger = 'none' | 'message' | 'timer' | 'error' | 'terminate' | 'signal' | 'escalation' | 'link';
type TimerKind = 'duration' | 'date' | 'cycle';
interface Position {
  position: string;
  allowed: Trigger[];
  needsCorrelationKey: boolean;
  timerKinds: TimerKind[];
}

const TRIGGERS: Record<string, Trigger> = {
  MessageEventDefinition: 'message',
  TimerEventDefinition: 'timer',
  ErrorEventDefinition: 'error',
  TerminateEventDefinition: 'terminate',
  SignalEventDefinition: 'signal',
  EscalationEventDefinition: 'escalation',
  LinkEventDefinition: 'link',
};
const TIMER_PROPERTIES: Array<[TimerKind, string]> = [
  ['duration', 'timeDuration'],
  ['date', 'timeDate'],
  ['cycle', 'timeCycle'],
];

/** Which triggers each kind of event may have here (compiler/read/events.ts). */
function positionOf(node: ModdleElement): Position | null {
  switch (node.$type) {
    case 'bpmn:StartEvent': {
      const topLevel = is(node.$parent, 'bpmn:Process');
      if (node.$parent?.$type === 'bpmn:SubProcess' && node.$parent.triggeredByEvent) {
        const interrupting = node.isInterrupting !== false;
        return { position: 'event sub-process start event', allowed: ['message', 'timer', 'error', 'signal', 'escalation'], needsCorrelationKey: true, timerKinds: interrupting ? ['duration', 'date'] : ['duration', 'date', 'cycle'] };
      }
      return topLevel
        ? { position: 'start event', allowed: ['none', 'message', 'timer', 'signal'], needsCorrelationKey: false, timerKinds: ['date', 'cycle'] }
        : { position: 'start event inside a sub-process', allowed: ['none'], needsCorrelationKey: false, timerKinds: [] };
    }
    case 'bpmn:EndEvent':
      return { position: 'end event', allowed: ['none', 'terminate', 'error', 'message', 'signal', 'escalation'], needsCorrelationKey: false, timerKinds: [] };
    case 'bpmn:IntermediateCatchEvent':
      return { position: 'intermediate catch event', allowed: ['message', 'timer', 'signal', 'link'], needsCorrelationKey: true, timerKinds: ['duration', 'date'] };
    case 'bpmn:IntermediateThrowEvent':
      return { position: 'intermediate throw event', allowed: ['none', 'message', 'signal', 'escalation', 'link'], needsCorrelationKey: false, timerKinds: [] };
    case 'bpmn:BoundaryEvent':
      return { position: 'boundary event', allowed: ['timer', 'message', 'error', 'signal', 'escalation'], needsCorrelationKey: true, timerKinds: node.cancelActivity !== false ? ['duration', 'date'] : ['duration', 'date', 'cycle'] };
    default:
      return null;
  }
}

/** Event triggers, messages, timers and errors as the compiler reads them (compiler/read/event-definitions.ts). */
export default function events(): LintRule {
  return {
    check(node, reporter) {
      if (node.$type === 'bpmn:ReceiveTask') {
        // Its message is on the task itself (compiler/read/receive-task.ts).
        checkMessage(node, node, { position: 'receive task', allowed: ['message'], needsCorrelationKey: true, timerKinds: [] }, reporter);
        return;
      }
      const rules = positionOf(node);
      if (!rules) return;
      const definitions = list(node, 'eventDefinitions');
      if (definitions.length > 1) {
        reporter.report(node.id, `${article(rules.position)} with several event definitions (multiple trigger) is not supported.`);
        return;
      }
      const definition = definitions[0];
      const trigger: Trigger | undefined = definition ? TRIGGERS[localType(definition)] : 'none';
      if (!trigger || !rules.allowed.includes(trigger)) {
        const what = definition ? localType(definition).replace(/EventDefinition$/, '').toLowerCase() : 'none';
        reporter.report(node.id, `${article(`${what} ${rules.position}`)} is not supported; allowed here: ${rules.allowed.join(', ')}.`);
        return;
      }
      if (node.$type === 'bpmn:BoundaryEvent') {
        if (!node.attachedToRef) reporter.report(node.id, 'The boundary event is not attached to an activity.');
        if (trigger === 'error' && node.cancelActivity === false) reporter.report(node.id, 'An error boundary event always interrupts its activity; non-interrupting is not allowed.');
      }
      if (trigger === 'message') checkMessage(node, definition!, rules, reporter);
      if (trigger === 'timer') checkTimer(node, definition!, rules, reporter);
      if (trigger === 'error' && node.$type === 'bpmn:EndEvent' && !textOf(definition!.errorRef as ModdleElement | undefined, 'errorCode')) {
        reporter.report(node.id, 'The error end event has no error code; choose an error with a code.');
      }
      if (trigger === 'message' && node.$type === 'bpmn:EndEvent' && !textOf(extension(node, 'zeebe:TaskDefinition'), 'type')) {
        reporter.report(node.id, 'A message end event needs a task type (zeebe:taskDefinition type) for the worker that sends it.');
      }
      if (trigger === 'message' && node.$type === 'bpmn:IntermediateThrowEvent' && !textOf(extension(node, 'zeebe:TaskDefinition'), 'type')) {
        reporter.report(node.id, 'A message throw event needs a task type (zeebe:taskDefinition type) for the worker that sends it.');
      }
    },
  };
}

function checkMessage(node: ModdleElement, definition: ModdleElement, rules: Position, reporter: Reporter) {
  if (node.$type === 'bpmn:EndEvent' || node.$type === 'bpmn:IntermediateThrowEvent') return; // sent by a job worker, not correlated
  const message = definition.messageRef as ModdleElement | undefined;
  if (!message) {
    reporter.report(node.id, `The message ${rules.position} refers to no message; choose or create one.`);
    return;
  }
  if (!textOf(message, 'name')) reporter.report(node.id, `Message "${message.id ?? '?'}" has no name; a message is correlated by its name.`);
  if (rules.needsCorrelationKey && !textOf(extension(message, 'zeebe:Subscription'), 'correlationKey')) {
    reporter.report(node.id, `Message "${message.id ?? '?'}" has no correlation key (zeebe:subscription correlationKey).`);
  }
}

function checkTimer(node: ModdleElement, definition: ModdleElement, rules: Position, reporter: Reporter) {
  const set = TIMER_PROPERTIES.filter(([, property]) => definition[property]);
  if (set.length !== 1) {
    reporter.report(node.id, 'A timer needs exactly one of duration, date or cycle.');
    return;
  }
  const [kind, property] = set[0]!;
  if (!rules.timerKinds.includes(kind)) {
    reporter.report(node.id, `A timer ${kind} is not allowed on ${article(rules.position).toLowerCase()}; use ${rules.timerKinds.join(' or ')}.`);
    return;
  }
  const value = textOf(definition, property);
  if (!value) {
    reporter.report(node.id, `The timer ${kind} is empty.`);
    return;
  }
  if (value.startsWith('=')) return; // FEEL: evaluated when the timer starts
  const parsed = parseTimer(kind, value);
  if (!parsed.ok) reporter.report(node.id, `The timer ${kind} does not parse: ${parsed.reason}.`);
}
