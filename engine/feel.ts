/**
 * FEEL through `feelin`, made cheap and total for the interpreter.
 *
 * - feelin parses on every `evaluate` and keeps no parse tree we could reuse through its
 *   public API, so the adapter classifies each source once (cached): plain variable
 *   paths (`order.total`) and literals never reach the parser; everything else does.
 * - Trouble at run time never throws: the value is null and the problem is returned, so
 *   that the caller records it on the instance (STYLE.md, feelin's "two tiers").
 * - Results are made JSON (dates and durations as ISO strings): variables are JSON.
 * - The language is Camunda's (feel/camunda.ts): its dialect and its extra built-ins.
 */
import { evaluate, unaryTest } from 'feelin';
import { FEEL_DIALECT, withCamundaBuiltins } from '../feel/camunda.js';

export interface FeelOutcome {
  value: unknown;
  problem: string | null;
}

type Compiled =
  | { kind: 'path'; segments: string[] }
  | { kind: 'literal'; value: unknown }
  | { kind: 'feel' };

const KEYWORDS = new Set([
  'true', 'false', 'null', 'not', 'and', 'or', 'for', 'in', 'return', 'if', 'then', 'else',
  'some', 'every', 'satisfies', 'instance', 'of', 'function', 'between', 'external',
]);
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const STRING = /^"[^"\\]*"$/;

const compiled = new Map<string, Compiled>();

function compile(source: string): Compiled {
  const cached = compiled.get(source);
  if (cached) return cached;
  const text = source.trim();
  let result: Compiled = { kind: 'feel' };
  if (text === 'true' || text === 'false') result = { kind: 'literal', value: text === 'true' };
  else if (text === 'null') result = { kind: 'literal', value: null };
  else if (NUMBER.test(text)) result = { kind: 'literal', value: Number(text) };
  else if (STRING.test(text)) result = { kind: 'literal', value: text.slice(1, -1) };
  else if (PATH.test(text) && !text.split('.').some((segment) => KEYWORDS.has(segment))) {
    result = { kind: 'path', segments: text.split('.') };
  }
  if (compiled.size > 5_000) compiled.clear(); // a bound, not an LRU: sources are few per model
  compiled.set(source, result);
  return result;
}

function lookup(segments: string[], context: Record<string, unknown>): FeelOutcome {
  let current: unknown = context;
  for (const [index, segment] of segments.entries()) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !(segment in current)) {
      return {
        value: null,
        problem: index === 0 ? `Variable '${segment}' not found` : `Property '${segment}' not found in '${segments.slice(0, index).join('.')}'`,
      };
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return { value: toJson(current), problem: null };
}

/** Evaluates a FEEL expression (source without the leading `=`) against `context`. */
export function evaluateFeel(source: string, context: Record<string, unknown>): FeelOutcome {
  const expression = compile(source);
  if (expression.kind === 'literal') return { value: expression.value, problem: null };
  if (expression.kind === 'path') return lookup(expression.segments, context);
  try {
    const { value, warnings } = evaluate(source, withCamundaBuiltins(context), FEEL_DIALECT);
    const json = toJson(value);
    const problem = warnings.length > 0 ? warnings.map((warning) => warning.message).join('; ') : null;
    return { value: json, problem: json === null ? problem : null };
  } catch (error) {
    return { value: null, problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A condition (sequence flow, completion condition): true only when it evaluates to
 * true. Anything but a boolean is a problem (the caller records it) and counts as false.
 */
export function evaluateCondition(source: string, context: Record<string, unknown>): { holds: boolean; problem: string | null } {
  const { value, problem } = evaluateFeel(source, context);
  if (typeof value === 'boolean') return { holds: value, problem: null };
  return { holds: false, problem: problem ?? `condition '${source}' gave ${JSON.stringify(value)}, not a boolean` };
}

/** Plain JSON: FEEL dates, times and durations become their ISO strings. */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object': {
      if (Array.isArray(value)) return value.map(toJson);
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype === Object.prototype || prototype === null) {
        const result: Record<string, unknown> = {};
        for (const [key, entry] of Object.entries(value)) result[key] = toJson(entry);
        return result;
      }
      return String(value); // FeelDateTime, FeelDuration, ...: ISO 8601
    }
    default:
      return null; // functions, symbols, bigints have no JSON form
  }
}

/**
 * A DMN input entry (FEEL unary tests, e.g. `>= 10`, `"gold","silver"`, `[1..5)`, `-`)
 * against `input`: true, false, or null when it cannot be decided (a problem says why).
 */
export function evaluateUnaryTests(source: string, input: unknown, context: Record<string, unknown>): { value: boolean | null; problem: string | null } {
  try {
    const { value, warnings } = unaryTest(source, withCamundaBuiltins({ ...context, '?': input }), FEEL_DIALECT);
    const problem = warnings.length > 0 ? warnings.map((warning) => warning.message).join('; ') : null;
    return { value: typeof value === 'boolean' ? value : null, problem: typeof value === 'boolean' ? null : problem };
  } catch (error) {
    return { value: null, problem: error instanceof Error ? error.message : String(error) };
  }
}
