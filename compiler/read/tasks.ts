/**
 * Task readers (BPMN 2.0 §10.3.3) other than the user task: jobs for workers
 * (service, send, business rule), script tasks, and plain/manual tasks that simply
 * pass the token on.
 */
import { readFeelSource } from '../expressions.js';
import { DECISION_TASK_TYPE, type CalledDecision, type JobTaskElement, type PlainTaskElement, type ScriptTaskElement } from '../model.js';
import { extension, trimmedText, type ModdleNode } from '../moddle-node.js';
import { activityFields } from './activity.js';
import type { ElementReader } from './context.js';
import { readBinding } from './binding.js';
import { DEFAULT_RETRIES, readJob } from './extensions.js';

const JOB_KINDS = {
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
} as const;

/** Service, send and business rule tasks: a job of `zeebe:taskDefinition type`. */
export const readJobTask: ElementReader = (node, base, context) => {
  const kind = JOB_KINDS[node.$type as keyof typeof JOB_KINDS];
  const activity = activityFields(node, base, context);
  const calledDecision = extension(node, 'zeebe:CalledDecision');
  if (calledDecision) {
    if (kind !== 'businessRuleTask') {
      context.report.error(base.id, 'Only a business rule task can call a decision (zeebe:calledDecision).');
      return null;
    }
    return readDecisionTask(calledDecision, { ...activity, kind }, context);
  }
  const job = readJob(node, base.id, context.report);
  if (!job) {
    context.report.error(base.id, 'The task has no task type: set zeebe:taskDefinition type (Task definition > Type).');
    return null;
  }
  return { ...activity, kind, job } satisfies JobTaskElement;
};

/**
 * A business rule task with `zeebe:calledDecision`: Camunda 8 evaluates the DMN
 * decision in the engine, no worker involved. Here it is a job of the engine's own
 * DECISION_TASK_TYPE whose headers name the decision (decisions/ evaluates it), so it
 * has the retries, incidents and boundary events of every job.
 */
function readDecisionTask(definition: ModdleNode, activity: Omit<JobTaskElement, 'job'>, context: Parameters<ElementReader>[2]): JobTaskElement | null {
  const { report } = context;
  const decisionId = trimmedText(definition, 'decisionId');
  const resultVariable = trimmedText(definition, 'resultVariable');
  if (!decisionId) report.error(activity.id, 'The business rule task names no decision: set zeebe:calledDecision decisionId (Called decision > Decision ID).');
  else if (decisionId.startsWith('=')) report.error(activity.id, `The decision id "${decisionId}" is a FEEL expression; only a fixed decision id is supported.`);
  if (!resultVariable) report.error(activity.id, 'The business rule task has no result variable: set zeebe:calledDecision resultVariable.');
  const binding = readBinding(definition, activity.id, 'called decision', report);
  if (!decisionId || decisionId.startsWith('=') || !resultVariable) return null;
  const called: CalledDecision = { decisionId, resultVariable, binding };
  return { ...activity, job: { taskType: DECISION_TASK_TYPE, retries: DEFAULT_RETRIES, headers: decisionHeaders(called) }, calledDecision: called };
}

/** What the engine's decision worker reads (activities/evaluate-decision.ts). */
export function decisionHeaders(called: CalledDecision): Record<string, string> {
  const { binding } = called;
  return {
    decisionId: called.decisionId,
    resultVariable: called.resultVariable,
    bindingType: binding.bindingType,
    ...(binding.bindingType === 'versionTag' ? { versionTag: binding.versionTag } : {}),
    ...(binding.bindingType === 'deployment' && binding.deploymentId ? { deploymentId: binding.deploymentId } : {}),
  };
}

/** Script task: FEEL in `zeebe:script` (evaluated in the workflow) or a job. */
export const readScriptTask: ElementReader = (node, base, context) => {
  const { report } = context;
  const activity = activityFields(node, base, context);
  const zeebeScript = extension(node, 'zeebe:Script');
  if (zeebeScript) {
    const site = { elementId: base.id, what: 'script expression' };
    const expression = readFeelSource(trimmedText(zeebeScript, 'expression'), site, report);
    const resultVariable = trimmedText(zeebeScript, 'resultVariable');
    if (!expression) report.error(base.id, 'The script task has no FEEL expression (zeebe:script expression).');
    if (!resultVariable) report.error(base.id, 'The script task has no result variable (zeebe:script resultVariable).');
    if (!expression || !resultVariable) return null;
    return { ...activity, kind: 'scriptTask', script: { expression, resultVariable }, job: null } satisfies ScriptTaskElement;
  }
  const job = readJob(node, base.id, report);
  if (!job) {
    report.error(base.id, 'The script task has neither a FEEL expression (zeebe:script) nor a task type (zeebe:taskDefinition).');
    return null;
  }
  return { ...activity, kind: 'scriptTask', script: null, job } satisfies ScriptTaskElement;
};

/**
 * `bpmn:task` and `bpmn:manualTask`: nothing for the engine to do, so the token passes
 * straight through, as in Camunda 8. Manual work that someone must confirm belongs in
 * a user task.
 */
export const readPlainTask: ElementReader = (node, base, context) => {
  return { ...activityFields(node, base, context), kind: 'task' } satisfies PlainTaskElement;
};
