// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- bpmnlint has no package types; the root tsconfig must see this declaration too
/// <reference path="./bpmnlint.d.ts" />
import { Linter } from 'bpmnlint';
import type { Problem } from '../problem.js';
import containers from './rules/containers.js';
import events from './rules/events.js';
import flows, { gatewayDefault } from './rules/flows.js';
import supportedElements from './rules/supported-elements.js';
import { scriptTask, taskDefinition } from './rules/task-definition.js';
import userTask, { userTaskOwner } from './rules/user-task.js';

/**
 * Lint as you draw: bpmnlint with rules that mirror what the compiler refuses (errors) and
 * warns about, so what Deploy would refuse is marked before Deploy.
 */
export function createDiagramLinter(knownTaskTypes: ReadonlySet<string>) {
  const rules: Record<string, { factory: () => unknown; severity: 'error' | 'warn' }> = {
    'supported-elements': { factory: supportedElements, severity: 'error' },
    'task-definition': { factory: taskDefinition(knownTaskTypes), severity: 'error' },
    'script-task': { factory: scriptTask, severity: 'error' },
    'user-task': { factory: userTask, severity: 'error' },
    events: { factory: events, severity: 'error' },
    flows: { factory: flows, severity: 'error' },
    containers: { factory: containers, severity: 'error' },
    'gateway-default': { factory: gatewayDefault, severity: 'warn' },
    'user-task-owner': { factory: userTaskOwner, severity: 'warn' },
  };
  const linter = new Linter({
    config: { rules: Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, rule.severity])) },
    resolver: {
      resolveRule: (_pkg, name) => rules[name]?.factory,
      resolveConfig: (_pkg, name) => {
        throw new Error(`No lint config "${name}" here`);
      },
    },
  });

  return async function lint(definitions: unknown): Promise<Problem[]> {
    const results = await linter.lint(definitions);
    return Object.entries(results).flatMap(([rule, reports]) =>
      reports
        .filter((report) => report.category === 'error' || report.category === 'warn')
        .map((report): Problem => ({ elementId: report.id ?? null, message: report.message, severity: report.category === 'error' ? 'error' : 'warning', source: 'lint', rule })),
    );
  };
}
