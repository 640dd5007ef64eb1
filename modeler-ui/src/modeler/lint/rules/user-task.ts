import { parseDate } from '../../../../../compiler/timers.js';
import { extension, is, list, textOf, type LintRule, type ModdleElement } from '../moddle.js';

/** Ids of the flow nodes in a named lane, sub-processes' contents included. */
function inNamedLane(node: ModdleElement): boolean {
  for (let container = node.$parent; container; container = container.$parent) {
    if (!is(container, 'bpmn:Process')) continue;
    const stack = [...list(container, 'laneSets')]; // a copy: the moddle's own array must stay as it is
    while (stack.length) {
      const laneSet = stack.pop()!;
      for (const lane of list(laneSet, 'lanes')) {
        if (lane.name?.trim() && list(lane, 'flowNodeRef').some((ref) => ref === node || (ref.id && containsNode(ref, node)))) return true;
        const nested = lane.childLaneSet as ModdleElement | undefined;
        if (nested) stack.push(nested);
      }
    }
  }
  return false;
}

function containsNode(container: ModdleElement, node: ModdleElement): boolean {
  for (let parent = node.$parent; parent; parent = parent.$parent) if (parent === container) return true;
  return false;
}

/**
 * A user task nobody owns runs, open to every employee (as Camunda 8 runs it): a warning,
 * in the compiler's words (compiler/read/user-task.ts).
 */
export function userTaskOwner(): LintRule {
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:UserTask')) return;
      const assignment = extension(node, 'zeebe:AssignmentDefinition');
      const owned = ['assignee', 'candidateGroups', 'candidateUsers'].some((property) => textOf(assignment, property));
      if (!owned && !inNamedLane(node)) {
        reporter.report(node.id, 'Nobody owns this user task, so it is open to every employee: set an assignee or candidate groups/users, or put it in a named lane.');
      }
    },
  };
}

/** A user task's due and follow-up dates and its priority (compiler/read/user-task.ts). */
export default function userTask(): LintRule {
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:UserTask')) return;
      const schedule = extension(node, 'zeebe:TaskSchedule');
      for (const [property, what] of [['dueDate', 'due date'], ['followUpDate', 'follow-up date']] as const) {
        const value = textOf(schedule, property);
        if (!value || value.startsWith('=')) continue;
        const parsed = parseDate(value);
        if (!parsed.ok) reporter.report(node.id, `The ${what} does not parse: ${parsed.reason}.`);
      }
      const priority = textOf(extension(node, 'zeebe:PriorityDefinition'), 'priority');
      if (priority && !priority.startsWith('=') && !(/^\d+$/.test(priority) && Number(priority) <= 100)) {
        reporter.report(node.id, `The priority "${priority}" must be a whole number from 0 to 100.`);
      }
    },
  };
}
