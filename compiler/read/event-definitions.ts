/**
 * Event definitions (BPMN 2.0 §10.5.1): message, timer, error, terminate, signal,
 * escalation, link, or none. Conditional, compensation and cancel events are not in the
 * dialect (CONTRACT §3) and are rejected here with the event's id.
 */
import { readExpression } from '../expressions.js';
import type { EventDefinition, TimerDefinition } from '../model.js';
import { child, children, extension, localType, text, trimmedText, type ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';
import { parseTimer } from '../timers.js';

/** Which definitions (and timer kinds) a given event position accepts. */
export interface EventRules<T extends EventDefinition['type']> {
  /** In the designer's words: "start event", "boundary event"… */
  position: string;
  allowed: readonly T[];
  /** Whether a message here must carry a correlation key (catch events: yes; start: no). */
  needsCorrelationKey: boolean;
  timerKinds: ReadonlyArray<TimerDefinition['kind']>;
  /** A job sends the message (throw and end events): a message reference is optional. */
  messageSentByJob?: boolean;
}

const EVENT_TYPE: Record<string, EventDefinition['type']> = {
  MessageEventDefinition: 'message',
  TimerEventDefinition: 'timer',
  ErrorEventDefinition: 'error',
  TerminateEventDefinition: 'terminate',
  SignalEventDefinition: 'signal',
  EscalationEventDefinition: 'escalation',
  LinkEventDefinition: 'link',
};

/** Read the event definition of `node`; null when it is not allowed (reported). */
export function readEventDefinition<T extends EventDefinition['type']>(
  node: ModdleNode,
  rules: EventRules<T>,
  report: ProblemReport,
): Extract<EventDefinition, { type: T }> | null {
  // Every branch below yields a definition whose type passed `isAllowed`.
  return readAnyEventDefinition(node, rules, report) as Extract<EventDefinition, { type: T }> | null;
}

function readAnyEventDefinition(node: ModdleNode, rules: EventRules<EventDefinition['type']>, report: ProblemReport): EventDefinition | null {
  const elementId = text(node, 'id') ?? '';
  const definitions = children(node, 'eventDefinitions');
  if (children(node, 'eventDefinitionRefs').length > 0) {
    report.error(elementId, 'Event definitions referenced from the definitions root are not supported.');
    return null;
  }
  if (definitions.length > 1) {
    report.error(elementId, `${article(rules.position)} with several event definitions (multiple trigger) is not supported.`);
    return null;
  }
  const definition = definitions[0];
  const type = definition ? EVENT_TYPE[localType(definition)] : 'none';
  if (!definition && rules.allowed.includes('none')) return { type: 'none' };
  if (!type || !definition || !rules.allowed.includes(type)) {
    const what = definition ? localType(definition).replace(/EventDefinition$/, '').toLowerCase() : 'none';
    report.error(elementId, `${article(`${what} ${rules.position}`)} is not supported; allowed here: ${rules.allowed.join(', ')}.`);
    return null;
  }
  switch (type) {
    case 'message':
      return readMessage(definition, elementId, rules, report);
    case 'timer':
      return readTimer(definition, elementId, rules, report);
    case 'error':
      return readError(definition, elementId, rules, report);
    case 'signal':
      return readSignal(definition, elementId, rules, report);
    case 'escalation':
      return readEscalation(definition, elementId, rules, report);
    case 'link': {
      const linkName = trimmedText(definition, 'name');
      if (!linkName) {
        report.error(elementId, 'The link event has no name; a link throw event jumps to the link catch event of the same name.');
        return null;
      }
      return { type: 'link', linkName };
    }
    default:
      return { type: type as 'none' | 'terminate' };
  }
}

/** A message reference (`messageRef` of an event definition or of a receive task) with its zeebe:subscription. */
export function readMessage(definition: ModdleNode, elementId: string, rules: EventRules<EventDefinition['type']>, report: ProblemReport): EventDefinition | null {
  const message = child(definition, 'messageRef');
  if (!message && rules.messageSentByJob) return { type: 'message', messageName: null, correlationKey: null };
  if (!message) {
    report.error(elementId, `The message ${rules.position} refers to no message; choose or create one.`);
    return null;
  }
  const messageId = text(message, 'id') ?? '?';
  const messageName = readExpression(text(message, 'name'), { elementId, what: 'message name' }, report);
  if (!messageName && rules.messageSentByJob) return { type: 'message', messageName: null, correlationKey: null };
  if (!messageName) {
    report.error(elementId, `Message "${messageId}" has no name; a message is correlated by its name.`);
  }
  const subscription = extension(message, 'zeebe:Subscription');
  const site = { elementId, what: 'correlation key' };
  const correlationKey = readExpression(subscription && text(subscription, 'correlationKey'), site, report);
  if (rules.needsCorrelationKey && !correlationKey) {
    report.error(elementId, `Message "${messageId}" has no correlation key (zeebe:subscription correlationKey).`);
  }
  if (!messageName) return null;
  return { type: 'message', messageName, correlationKey: rules.needsCorrelationKey ? correlationKey : null };
}

const TIMER_PROPERTIES: ReadonlyArray<[TimerDefinition['kind'], string]> = [
  ['duration', 'timeDuration'],
  ['date', 'timeDate'],
  ['cycle', 'timeCycle'],
];

function readTimer(definition: ModdleNode, elementId: string, rules: EventRules<EventDefinition['type']>, report: ProblemReport): EventDefinition | null {
  const written = TIMER_PROPERTIES.flatMap(([kind, property]) => {
    const expression = child(definition, property);
    return expression ? [{ kind, body: trimmedText(expression, 'body') }] : [];
  });
  const timer = written[0];
  if (written.length !== 1 || !timer) {
    report.error(elementId, 'A timer needs exactly one of duration, date or cycle.');
    return null;
  }
  if (!rules.timerKinds.includes(timer.kind)) {
    report.error(elementId, `A timer ${timer.kind} is not allowed on ${article(rules.position).toLowerCase()}; use ${rules.timerKinds.join(' or ')}.`);
    return null;
  }
  if (!timer.body) {
    report.error(elementId, `The timer ${timer.kind} is empty.`);
    return null;
  }
  const source = readExpression(timer.body, { elementId, what: `timer ${timer.kind}` }, report);
  if (!source) return null;
  if (source.kind === 'feel') return { type: 'timer', timer: { kind: timer.kind, source, parsed: null } };
  const parsed = parseTimer(timer.kind, source.value);
  if (!parsed.ok) {
    report.error(elementId, `The timer ${timer.kind} does not parse: ${parsed.reason}.`);
    return null;
  }
  return { type: 'timer', timer: { kind: timer.kind, source, parsed: parsed.value } };
}

function readError(definition: ModdleNode, elementId: string, rules: EventRules<EventDefinition['type']>, report: ProblemReport): EventDefinition | null {
  const error = child(definition, 'errorRef');
  const errorCode = error ? trimmedText(error, 'errorCode') : null;
  // A throwing end event must say what it throws; a catching boundary without a code
  // catches every error (BPMN 2.0 §10.5.4).
  if (rules.position === 'end event' && !errorCode) {
    report.error(elementId, 'The error end event has no error code; choose an error with a code.');
    return null;
  }
  return { type: 'error', errorCode };
}

function readSignal(definition: ModdleNode, elementId: string, rules: EventRules<EventDefinition['type']>, report: ProblemReport): EventDefinition | null {
  const signal = child(definition, 'signalRef');
  const signalName = signal ? readExpression(text(signal, 'name'), { elementId, what: 'signal name' }, report) : null;
  if (!signalName) {
    report.error(elementId, `The signal ${rules.position} refers to no signal with a name; choose or create one.`);
    return null;
  }
  return { type: 'signal', signalName };
}

function readEscalation(definition: ModdleNode, elementId: string, rules: EventRules<EventDefinition['type']>, report: ProblemReport): EventDefinition | null {
  const escalation = child(definition, 'escalationRef');
  const escalationCode = escalation ? trimmedText(escalation, 'escalationCode') : null;
  // A throw must say what it throws; a catch without a code catches every escalation.
  if (/throw|end/.test(rules.position) && !escalationCode) {
    report.error(elementId, `The escalation ${rules.position} has no escalation code; choose an escalation with a code.`);
    return null;
  }
  return { type: 'escalation', escalationCode };
}

/** "escalation end event" -> "An escalation end event". */
function article(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'An' : 'A'} ${phrase}`;
}
