import { extension, is, textOf, type LintRule } from '../moddle.js';

const JOB_TASKS = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'];

/**
 * Service, send and business-rule tasks need a task type that a worker of ours serves
 * (`knownTypes`, from the element templates) or a FEEL type, and whole-number or FEEL retries.
 */
export function taskDefinition(knownTypes: ReadonlySet<string>) {
  return (): LintRule => ({
    check(node, reporter) {
      const scriptWithJob = node.$type === 'bpmn:ScriptTask' && !extension(node, 'zeebe:Script') && extension(node, 'zeebe:TaskDefinition');
      if (!JOB_TASKS.includes(node.$type) && !scriptWithJob) return;
      const calledDecision = extension(node, 'zeebe:CalledDecision');
      if (node.$type === 'bpmn:BusinessRuleTask' && calledDecision) {
        // The engine evaluates the decision itself (a .dmn deployed beside the diagram); in the compiler's words.
        const decisionId = textOf(calledDecision, 'decisionId');
        if (!decisionId) reporter.report(node.id, 'The business rule task names no decision: set zeebe:calledDecision decisionId (Called decision > Decision ID).');
        else if (decisionId.startsWith('=')) reporter.report(node.id, `The decision id "${decisionId}" is a FEEL expression; only a fixed decision id is supported.`);
        if (!textOf(calledDecision, 'resultVariable')) reporter.report(node.id, 'The business rule task has no result variable: set zeebe:calledDecision resultVariable.');
        return;
      }
      const definition = extension(node, 'zeebe:TaskDefinition');
      const type = textOf(definition, 'type');
      if (!type) {
        reporter.report(node.id, 'The task has no task type: set zeebe:taskDefinition type (Task definition > Type), or pick a template.');
      } else if (!type.startsWith('=') && !knownTypes.has(type)) {
        // a FEEL type is evaluated per job: an incident names it if no worker serves it
        reporter.report(node.id, `No worker serves task type "${type}"; known types: ${[...knownTypes].sort().join(', ')}.`);
      }
      const retries = textOf(definition, 'retries');
      if (retries && !retries.startsWith('=') && !/^\d+$/.test(retries)) reporter.report(node.id, `Retries "${retries}" must be a whole number or FEEL (=…).`);
    },
  });
}

/** A script task runs a FEEL expression into a result variable (or is a job). */
export function scriptTask(): LintRule {
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:ScriptTask')) return;
      const script = extension(node, 'zeebe:Script');
      if (!script) {
        if (!extension(node, 'zeebe:TaskDefinition')) reporter.report(node.id, 'The script task has neither a FEEL expression (zeebe:script) nor a task type (zeebe:taskDefinition).');
        return;
      }
      if (!textOf(script, 'expression')) reporter.report(node.id, 'The script task has no FEEL expression (zeebe:script expression).');
      if (!textOf(script, 'resultVariable')) reporter.report(node.id, 'The script task has no result variable (zeebe:script resultVariable).');
    },
  };
}
