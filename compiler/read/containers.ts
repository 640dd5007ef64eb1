/**
 * Embedded sub-process (BPMN 2.0 §10.3.5) and call activity (§10.3.6). Event
 * sub-processes, transactions and ad-hoc sub-processes are rejected by the registry.
 */
import { readExpression } from '../expressions.js';
import type { CallActivityElement, SubProcessElement } from '../model.js';
import { extension, text, trimmedText } from '../moddle-node.js';
import { activityFields } from './activity.js';
import type { ElementReader } from './context.js';

export const readSubProcess: ElementReader = (node, base, context) => {
  if (node.triggeredByEvent === true) {
    context.report.error(base.id, 'Event sub-processes are not supported; use a boundary event on an embedded sub-process.');
    return null;
  }
  const activity = activityFields(node, base, context);
  const childElementIds = context.readContainer(node, base.id);
  // rules/start-events.ts reports a sub-process without exactly one none start event.
  const startEventId =
    childElementIds.find((childId) => {
      const element = context.elements[childId];
      return element?.kind === 'startEvent' && element.event.type === 'none';
    }) ?? '';
  return { ...activity, kind: 'subProcess', childElementIds, startEventId } satisfies SubProcessElement;
};

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
