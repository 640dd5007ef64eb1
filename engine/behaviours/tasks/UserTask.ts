import type { Expression, NameListExpression, UserTaskElement } from '../../../compiler/model.js';
import { parseDate } from '../../../compiler/timers.js';
import { toJson } from '../../feel.js';
import type { ProcessInstance } from '../../instance.js';
import type { Variables } from '../../ports.js';
import type { VariableScope } from '../../variables.js';
import type { ActivityBehaviour } from '../types.js';

/**
 * BPMN 2.0 §10.3.3 user task: an inbox row for its owner (assignee, else candidate
 * users and groups, else the lane's group), then the token waits until someone
 * completes it; the completing variables are merged like a job's result. Output
 * mappings also see `completedBy`, the user who really completed it (it overrides a form
 * field of that name), so a process can record an approver no form can forge.
 */
export const UserTask: ActivityBehaviour<UserTaskElement> = {
  role: 'activity',
  async execute(element, context) {
    const { instance, variables } = context;
    const text = (value: unknown) => (value === null || value === undefined || value === '' ? null : String(value));
    const candidateGroups = nameList(instance, element.id, element.candidateGroups, variables);
    const priority = element.priority ? Number(instance.expression(element.id, element.priority, variables)) : null;
    await instance.waiting();
    const completion = await instance.ports.openUserTask(
      {
        elementId: element.id,
        loopCounter: context.executionCounter,
        name: element.name,
        assignee: element.assignee ? text(instance.expression(element.id, element.assignee, variables)) : null,
        candidateGroups: element.candidateGroups === null && element.laneCandidateGroup ? [element.laneCandidateGroup] : candidateGroups,
        candidateUsers: nameList(instance, element.id, element.candidateUsers, variables),
        instructions: element.instructions ?? null,
        dueAt: instantOf(instance, element.id, 'due date', element.dueDate, variables),
        followUpAt: instantOf(instance, element.id, 'follow-up date', element.followUpDate, variables),
        priority: priority === null || Number.isNaN(priority) ? null : priority,
        form: element.form,
        variables: toJson(variables.visible()) as Variables,
      },
      context.cancellation,
    );
    instance.completedBy(element.id, completion.completedBy);
    if (element.ioMapping.outputs.length === 0) return { variables: completion.variables };
    // With output mappings the result stays local (activity.ts), so completedBy never leaks.
    return { variables: { ...completion.variables, completedBy: completion.completedBy } };
  },
};

/**
 * A due or follow-up date as the instant it names, in UTC (ISO 8601): the inbox, the SLA
 * timer and the database then read one value by the timer module's rules, whatever offset
 * the FEEL gave (PostgreSQL refuses offsets beyond ±15:59). A value that names no
 * date-time leaves the task without that date and is recorded as a warning.
 */
function instantOf(instance: ProcessInstance, elementId: string, what: string, expression: Expression | null, scope: VariableScope): string | null {
  if (!expression) return null;
  const value = instance.expression(elementId, expression, scope);
  if (value === null || value === undefined || value === '') return null;
  const parsed = parseDate(String(value));
  if (!parsed.ok) {
    instance.warn(elementId, `The ${what} ${parsed.reason}; the task has none`);
    return null;
  }
  const instant = new Date(parsed.value);
  if (instant.getUTCFullYear() < 1) { // year 0 after the offset: before any date PostgreSQL keeps
    instance.warn(elementId, `The ${what} "${String(value)}" is beyond the dates this engine keeps; the task has none`);
    return null;
  }
  return instant.toISOString();
}

/** A list, or FEEL giving a list or a comma-separated string (Camunda 8 accepts both). */
function nameList(instance: ProcessInstance, elementId: string, names: NameListExpression | null, scope: VariableScope): string[] {
  if (names === null) return [];
  if (names.kind === 'list') return names.values;
  const value = instance.evaluate(elementId, names.source, scope);
  if (Array.isArray(value)) return value.filter((entry) => entry !== null).map(String);
  if (typeof value === 'string') return value.split(',').map((entry) => entry.trim()).filter(Boolean);
  return [];
}
