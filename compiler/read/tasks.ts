/**
 * Task readers (BPMN 2.0 §10.3.3) other than the user task: jobs for workers
 * (service, send, business rule), script tasks, and plain/manual tasks that simply
 * pass the token on.
 */
import { readFeelSource } from '../expressions.js';
import type { JobTaskElement, PlainTaskElement, ScriptTaskElement } from '../model.js';
import { extension, trimmedText } from '../moddle-node.js';
import { activityFields } from './activity.js';
import type { ElementReader } from './context.js';
import { readJob } from './extensions.js';

const JOB_KINDS = {
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
} as const;

/** Service, send and business rule tasks: a job of `zeebe:taskDefinition type`. */
export const readJobTask: ElementReader = (node, base, context) => {
  const kind = JOB_KINDS[node.$type as keyof typeof JOB_KINDS];
  const activity = activityFields(node, base, context);
  if (extension(node, 'zeebe:CalledDecision')) {
    context.report.error(base.id, 'DMN decisions (zeebe:calledDecision) are not supported; implement the rule as a job worker.');
    return null;
  }
  const job = readJob(node, base.id, context.report);
  if (!job) {
    context.report.error(base.id, 'The task has no task type: set zeebe:taskDefinition type (Task definition > Type).');
    return null;
  }
  return { ...activity, kind, job } satisfies JobTaskElement;
};

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
