/**
 * Evaluates a decision of a DecisionGraph against process variables, with the
 * semantics of Camunda 8's DMN engine (dmn-scala): required decisions first, their
 * results visible under their result names; a table's inputs evaluated once, each rule
 * matching when every input entry is true; then the hit policy. A single output gives
 * plain values, several outputs give contexts keyed by output name. No rule matched:
 * the outputs' default entries, else null. Pure: no clock, no I/O.
 */
import { evaluateFeel, evaluateUnaryTests } from '../engine/feel.js';
import type { Decision, DecisionGraph, DecisionOutput, DecisionTable } from './model.js';

/** Why a decision could not be evaluated; the business rule task opens an incident with it. */
export class DecisionEvaluationError extends Error {
  override name = 'DecisionEvaluationError';
  constructor(
    readonly decisionId: string,
    message: string,
  ) {
    super(`Decision '${decisionId}': ${message}`);
  }
}

export interface DecisionEvaluation {
  value: unknown;
  /** Rule ids that matched, per evaluated decision: what an auditor asks first. */
  matchedRules: Record<string, string[]>;
}

export function evaluateDecision(graph: DecisionGraph, decisionId: string, variables: Record<string, unknown>): DecisionEvaluation {
  const byId = new Map(graph.decisions.map((decision) => [decision.id, decision]));
  const results = new Map<string, unknown>();
  const matchedRules: Record<string, string[]> = {};

  const evaluate = (decision: Decision): unknown => {
    if (results.has(decision.id)) return results.get(decision.id);
    const context: Record<string, unknown> = { ...variables };
    for (const requiredId of decision.requiredDecisions) {
      const required = byId.get(requiredId);
      if (!required) throw new DecisionEvaluationError(decision.id, `required decision '${requiredId}' is not in the graph`);
      context[required.resultName] = evaluate(required);
    }
    let value: unknown;
    if (decision.logic.kind === 'literalExpression') {
      value = evaluateFeel(decision.logic.expression, context).value;
    } else {
      const table = evaluateTable(decision.id, decision.logic, context);
      matchedRules[decision.id] = table.matched;
      value = table.value;
    }
    results.set(decision.id, value);
    return value;
  };

  const decision = byId.get(decisionId);
  if (!decision) throw new DecisionEvaluationError(decisionId, `no such decision in '${graph.id}'`);
  return { value: evaluate(decision), matchedRules };
}

type RuleOutput = Map<string | null, unknown>;

function evaluateTable(decisionId: string, table: DecisionTable, context: Record<string, unknown>): { value: unknown; matched: string[] } {
  const inputValues = table.inputs.map((input) => evaluateFeel(input.expression, context).value);
  const matchedRules = table.rules.filter((rule) =>
    rule.inputEntries.every((entry, index) => {
      if (entry === '-') return true;
      // null (not comparable, a missing variable) does not match, as in dmn-scala.
      return evaluateUnaryTests(entry, inputValues[index], context).value === true;
    }),
  );
  if (matchedRules.length === 0) return { value: defaultOutputs(table.outputs, context), matched: [] };
  const rules = table.hitPolicy === 'FIRST' ? matchedRules.slice(0, 1) : matchedRules;
  const outputs: RuleOutput[] = rules.map(
    (rule) => new Map(table.outputs.map((output, index) => [output.name, outputEntry(rule.outputEntries[index] ?? '', context)])),
  );
  return { value: applyHitPolicy(decisionId, table, outputs), matched: rules.map((rule) => rule.id) };
}

function outputEntry(source: string, context: Record<string, unknown>): unknown {
  return source === '' ? null : evaluateFeel(source, context).value;
}

function defaultOutputs(outputs: DecisionOutput[], context: Record<string, unknown>): unknown {
  const defaults = new Map<string | null, unknown>();
  for (const output of outputs) if (output.defaultValue !== null) defaults.set(output.name, outputEntry(output.defaultValue, context));
  if (defaults.size === 0) return null;
  return single(defaults);
}

function applyHitPolicy(decisionId: string, table: DecisionTable, outputs: RuleOutput[]): unknown {
  switch (table.hitPolicy) {
    case 'FIRST':
      return single(outputs[0]!);
    case 'UNIQUE':
      if (outputs.length > 1) throw new DecisionEvaluationError(decisionId, `${outputs.length} rules matched, but hit policy UNIQUE allows one`);
      return single(outputs[0]!);
    case 'ANY': {
      const distinct = new Set(outputs.map((output) => JSON.stringify([...output])));
      if (distinct.size > 1) throw new DecisionEvaluationError(decisionId, 'the matching rules give different outputs, but hit policy ANY needs them equal');
      return single(outputs[0]!);
    }
    case 'PRIORITY':
      return single(byPriority(outputs, table.outputs)[0]!);
    case 'OUTPUT ORDER':
      return many(byPriority(outputs, table.outputs));
    case 'RULE ORDER':
      return many(outputs);
    case 'COLLECT':
      return collect(decisionId, table, outputs);
  }
}

function collect(decisionId: string, table: DecisionTable, outputs: RuleOutput[]): unknown {
  if (!table.aggregation) return many(outputs);
  if (table.aggregation === 'COUNT') return outputs.length;
  const numbers = outputs.map((output) => {
    const value = [...output.values()][0];
    if (typeof value !== 'number') throw new DecisionEvaluationError(decisionId, `COLLECT ${table.aggregation} needs numbers, but an output is ${JSON.stringify(value)}`);
    return value;
  });
  if (table.aggregation === 'SUM') return numbers.reduce((sum, value) => sum + value, 0);
  return table.aggregation === 'MIN' ? Math.min(...numbers) : Math.max(...numbers);
}

/** One output: its value; several: a context by output name. */
function single(output: RuleOutput): unknown {
  if (output.size === 1) return [...output.values()][0];
  return Object.fromEntries([...output].map(([name, value]) => [name ?? '', value]));
}

function many(outputs: RuleOutput[]): unknown {
  return outputs.map(single);
}

/**
 * Sorts rule outputs by the position of each output's value in its `outputValues`,
 * first output first (as dmn-scala does: values it does not list sort last).
 */
function byPriority(outputs: RuleOutput[], clauses: DecisionOutput[]): RuleOutput[] {
  const rank = (output: RuleOutput): number[] =>
    clauses.map((clause) => {
      const value = output.get(clause.name);
      const position = clause.values.indexOf(typeof value === 'string' || typeof value === 'number' ? String(value) : '\u0000');
      return position < 0 ? Number.MAX_SAFE_INTEGER : position;
    });
  return outputs
    .map((output, index) => ({ output, index, rank: rank(output) }))
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
      return a.index - b.index;
    })
    .map(({ output }) => output);
}
