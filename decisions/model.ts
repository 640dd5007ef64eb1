/**
 * DMN 1.3 decisions as the engine keeps them (JSON, stored with each version): what
 * decisions/read-dmn.ts makes of a `.dmn` file and decisions/evaluate.ts runs. Every
 * expression is FEEL source text, evaluated with the same FEEL as the processes.
 */

/** DMN 1.3 §8.2.11. Camunda 8 (dmn-scala) supports all seven. */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface DecisionInput {
  id: string;
  label: string | null;
  /** FEEL; its value is what the rules' input entries test (`?` in a unary test). */
  expression: string;
}

export interface DecisionOutput {
  id: string;
  /** The key of this output in a rule's result when the table has several outputs. */
  name: string | null;
  label: string | null;
  /** `outputValues`, in priority order (PRIORITY and OUTPUT ORDER sort by them). */
  values: string[];
  /** `defaultOutputEntry`: FEEL, the output when no rule matches. */
  defaultValue: string | null;
}

export interface DecisionRule {
  id: string;
  /** One FEEL unary test per input; `-` or empty matches anything. */
  inputEntries: string[];
  /** One FEEL expression per output; empty is null. */
  outputEntries: string[];
}

export interface DecisionTable {
  kind: 'decisionTable';
  id: string;
  hitPolicy: HitPolicy;
  aggregation: Aggregation | null;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

export interface LiteralExpression {
  kind: 'literalExpression';
  id: string;
  /** FEEL source. */
  expression: string;
}

export interface Decision {
  id: string;
  name: string | null;
  /** The decision's `variable` name, else its id: where dependent decisions find its result. */
  resultName: string;
  /** `zeebe:versionTag` of the decision, for `bindingType="versionTag"`. */
  versionTag: string | null;
  /** Decisions of the same graph evaluated first (`informationRequirement requiredDecision`). */
  requiredDecisions: string[];
  logic: DecisionTable | LiteralExpression;
}

/** One `.dmn` file: a decision requirements graph (DMN 1.3 `definitions`). */
export interface DecisionGraph {
  id: string;
  name: string | null;
  decisions: Decision[];
}
