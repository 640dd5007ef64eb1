/**
 * Embedded sub-process and event sub-process (BPMN 2.0 §10.3.5) and call activity
 * (§10.3.6). Transactions and ad-hoc sub-processes are rejected by the registry.
 */
import { readExpression } from '../expressions.js';
import type { CallActivityElement, SubProcessElement } from '../model.js';
import { extension, text, trimmedText } from '../moddle-node.js';
import { activityFields, type ActivityFields } from './activity.js';
import type { ElementReader, ReadContext } from './context.js';
import { eventSubProcessesOf } from './links.js';

export const readSubProcess: ElementReader = (node, base, context) => {
  const activity = activityFields(node, base, context);
  const childElementIds = context.readContainer(node, base.id);
  const triggeredByEvent = node.triggeredByEvent === true;
  if (triggeredByEvent) return readEventSubProcess(activity, childElementIds, context);
  // rules/start-events.ts reports a sub-process without exactly one none start event.
  const startEventId =
    childElementIds.find((childId) => {
      const element = context.elements[childId];
      return element?.kind === 'startEvent' && element.event.type === 'none';
    }) ?? '';
  const eventSubProcessIds = eventSubProcessesOf(childElementIds, context);
  return {
    ...activity,
    kind: 'subProcess',
    childElementIds,
    startEventId,
    ...(eventSubProcessIds.length > 0 ? { eventSubProcessIds } : {}),
  } satisfies SubProcessElement;
};

/** BPMN 2.0 §10.3.5 event sub-process: one start event with a trigger, no flows in or out, no boundary events. */
function readEventSubProcess(activity: ActivityFields, childElementIds: string[], context: ReadContext): SubProcessElement | null {
  const { report } = context;
  const starts = childElementIds.filter((childId) => context.elements[childId]?.kind === 'startEvent');
  if (starts.length !== 1) {
    report.error(activity.id, `An event sub-process needs exactly one start event; it has ${starts.length}.`);
    return null;
  }
  if (activity.multiInstance) report.error(activity.id, 'An event sub-process cannot be multi-instance.');
  if (activity.incoming.length > 0 || activity.outgoing.length > 0) {
    report.error(activity.id, 'An event sub-process is started by its start event: it takes no sequence flows in or out.');
  }
  const eventSubProcessIds = eventSubProcessesOf(childElementIds, context);
  return {
    ...activity,
    kind: 'subProcess',
    childElementIds,
    startEventId: starts[0]!,
    triggeredByEvent: true,
    ...(eventSubProcessIds.length > 0 ? { eventSubProcessIds } : {}),
  };
}

export const readCallActivity: ElementReader = (node, base, context) => {
  const { report } = context;
  const activity = activityFields(node, base, context);
  const called = extension(node, 'zeebe:CalledElement');
  const site = { elementId: base.id, what: 'called process id' };
  const calledProcessId = readExpression(called && text(called, 'processId'), site, report);
  if (!called || !calledProcessId) {
    report.error(base.id, 'The call activity names no process to call (zeebe:calledElement processId).');
    return null;
  }
  const element: CallActivityElement = {
    ...activity,
    kind: 'callActivity',
    calledProcessId,
    // Camunda 8 defaults: both true when the attribute is not written.
    propagateAllChildVariables: called.propagateAllChildVariables !== false,
    propagateAllParentVariables: called.propagateAllParentVariables !== false,
  };
  const bindingType = trimmedText(called, 'bindingType') ?? 'latest';
  if (bindingType === 'deployment') element.bindingType = 'deployment';
  else if (bindingType === 'versionTag') {
    const versionTag = trimmedText(called, 'versionTag');
    if (!versionTag) report.error(base.id, 'The call activity is bound by version tag but names none (zeebe:calledElement versionTag).');
    element.bindingType = 'versionTag';
    element.versionTag = versionTag ?? '';
  } else if (bindingType !== 'latest') {
    report.error(base.id, `Binding type "${bindingType}" is not known; use latest, deployment or versionTag.`);
  }
  return element;
};
