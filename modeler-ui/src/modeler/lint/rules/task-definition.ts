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
      if (node.$type === 'bpmn:BusinessRuleTask' && extension(node, 'zeebe:CalledDecision')) {
        reporter.report(node.id, 'DMN decisions (zeebe:calledDecision) are not supported; implement the rule as a job worker.');
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
