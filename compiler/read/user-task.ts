/**
 * User task (BPMN 2.0 §10.3.3) as Camunda 8 configures it: who owns it
 * (`zeebe:assignmentDefinition`, else the lane, else every employee), what to do
 * (`bpmn:documentation`, §8.2.1), when it is due (`zeebe:taskSchedule`, the step's SLA),
 * its priority and its form.
 */
import { readExpression } from '../expressions.js';
import type { Expression, JsonValue, NameListExpression, UserTaskElement, UserTaskForm } from '../model.js';
import { children, extension, text, trimmedText, type ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';
import { parseDate } from '../timers.js';
import { activityFields } from './activity.js';
import { readBinding } from './binding.js';
import type { ElementReader, ReadContext } from './context.js';

/** How Camunda Modeler links a task to a `zeebe:userTaskForm` declared on the process. */
const EMBEDDED_FORM_KEY = 'camunda-forms:bpmn:';

export const readUserTask: ElementReader = (node, base, context) => {
  const { report } = context;
  const id = base.id;
  const assignment = extension(node, 'zeebe:AssignmentDefinition');
  const schedule = extension(node, 'zeebe:TaskSchedule');
  const priority = extension(node, 'zeebe:PriorityDefinition');

  const assignee = readExpression(assignment && text(assignment, 'assignee'), { elementId: id, what: 'assignee' }, report);
  const candidateGroups = readNameList(assignment && text(assignment, 'candidateGroups'), id, 'candidate groups', report);
  const candidateUsers = readNameList(assignment && text(assignment, 'candidateUsers'), id, 'candidate users', report);
  const laneCandidateGroup = context.laneGroups.get(id) ?? null;
  if (!assignee && !candidateGroups && !candidateUsers && !laneCandidateGroup) {
    // Camunda 8 runs such a task and many real diagrams have them: offered to everyone.
    report.warning(id, 'Nobody owns this user task, so it is open to every employee: set an assignee or candidate groups/users, or put it in a named lane.');
  }

  return {
    ...activityFields(node, base, context),
    kind: 'userTask',
    assignee,
    candidateGroups,
    candidateUsers,
    laneCandidateGroup,
    instructions: readInstructions(node),
    dueDate: readDate(schedule && text(schedule, 'dueDate'), id, 'due date', report),
    followUpDate: readDate(schedule && text(schedule, 'followUpDate'), id, 'follow-up date', report),
    priority: readPriority(priority && text(priority, 'priority'), id, report),
    form: readForm(node, id, context),
  } satisfies UserTaskElement;
};

/**
 * `bpmn:documentation` as plain text: several elements joined by a blank line, line
 * breaks kept, surrounding blank space trimmed; null when there is none.
 */
function readInstructions(node: ModdleNode): string | null {
  const parts = children(node, 'documentation')
    .map((documentation) => (text(documentation, 'text') ?? '').replace(/\r\n?/g, '\n').trim())
    .filter(Boolean);
  return parts.length ? parts.join('\n\n') : null;
}

/** `sales, managers` -> ['sales', 'managers']; `=expr` stays FEEL. */
function readNameList(raw: string | null, elementId: string, what: string, report: ProblemReport): NameListExpression | null {
  const expression = readExpression(raw, { elementId, what }, report);
  if (!expression || expression.kind === 'feel') return expression;
  const values = expression.value.split(',').map((name) => name.trim()).filter(Boolean);
  return values.length > 0 ? { kind: 'list', values } : null;
}

function readDate(raw: string | null, elementId: string, what: string, report: ProblemReport): Expression | null {
  const expression = readExpression(raw, { elementId, what }, report);
  if (expression?.kind === 'literal') {
    const date = parseDate(expression.value);
    if (!date.ok) report.error(elementId, `The ${what} does not parse: ${date.reason}.`);
  }
  return expression;
}

function readPriority(raw: string | null, elementId: string, report: ProblemReport): Expression | null {
  const expression = readExpression(raw, { elementId, what: 'priority' }, report);
  if (expression?.kind === 'literal' && !(/^\d+$/.test(expression.value) && Number(expression.value) <= 100)) {
    report.error(elementId, `The priority "${expression.value}" must be a whole number from 0 to 100.`);
  }
  return expression;
}

function readForm(node: ModdleNode, elementId: string, context: ReadContext): UserTaskForm | null {
  const definition = extension(node, 'zeebe:FormDefinition');
  if (!definition) return null;
  const formId = trimmedText(definition, 'formId');
  if (formId) return { kind: 'formId', formId, binding: readBinding(definition, elementId, 'linked form', context.report) };
  const externalReference = trimmedText(definition, 'externalReference');
  if (externalReference) {
    const site = { elementId, what: 'external form reference' };
    const reference = readExpression(externalReference, site, context.report);
    return reference ? { kind: 'external', reference } : null;
  }
  const formKey = trimmedText(definition, 'formKey');
  if (!formKey) return null;
  if (!formKey.startsWith(EMBEDDED_FORM_KEY)) return { kind: 'formKey', formKey };
  const embeddedId = formKey.slice(EMBEDDED_FORM_KEY.length);
  const body = context.embeddedForms.get(embeddedId);
  if (body === undefined) {
    context.report.error(elementId, `The form "${embeddedId}" is not declared on the process (zeebe:userTaskForm).`);
    return null;
  }
  try {
    return { kind: 'embedded', schema: JSON.parse(body) as JsonValue };
  } catch {
    context.report.error(elementId, `The embedded form "${embeddedId}" is not valid JSON.`);
    return null;
  }
}
