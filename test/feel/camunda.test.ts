/**
 * FEEL as Camunda 8 evaluates it. Every line of feel-scala.expected.jsonl is an expression,
 * its context and the value feel-scala 1.20.2 (Camunda 8.8's FEEL engine) gave, computed by
 * tools/feel-scala (not run here: it needs Maven). Ours must give the same, except for the
 * differences listed below, each with its reason; a listed difference that disappears fails
 * too, so that the list stays true.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { feelSyntaxError } from '../../compiler/index.js';
import { variablesRead } from '../../compiler/feel-variables.js';
import { evaluateFeel } from '../../engine/feel.js';

interface FeelScalaCase {
  expression: string;
  context: Record<string, unknown>;
  value?: unknown;
  failure?: string;
}

const cases = readFileSync(new URL('./feel-scala.expected.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as FeelScalaCase);

/** Where ours still differs from feel-scala: expression -> [our value, why]. */
const knownDifferences: Record<string, [unknown, string]> = {
  '"total: " + string(12.50)': ['total: 12.5', 'numbers are doubles here; feel-scala keeps a decimal scale'],
  'string(1.0)': ['1', 'numbers are doubles here; feel-scala keeps a decimal scale'],
  'string({a: 1})': ['{a: 1}', "feelin's text of a context has a space after the colon"],
  'date and time("2024-01-01T10:00:00@Europe/Berlin") = date and time("2024-01-01T09:00:00Z")': [
    true,
    'feel-scala compares a zone id and an offset as different values; feelin compares the instants',
  ],
  'date and time("2024-01-01T10:00:00+01:00").timezone': ['+01:00', 'feel-scala has no time zone for a bare offset'],
  'duration("PT1H") * 2': [null, 'feelin cannot multiply a duration'],
  '{`a-b`: 1}': [null, 'lezer-feel reads no backtick name as a context key'],
};

describe('FEEL as feel-scala evaluates it', () => {
  it('should hold at least a hundred cases computed by feel-scala', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((testCase) => [testCase.expression, testCase] as const))('should evaluate %s as feel-scala does', (expression, testCase) => {
    // given
    const known = knownDifferences[expression];
    // when
    const { value } = evaluateFeel(expression, testCase.context);
    // then
    if (known) {
      expect(value, known[1]).toEqual(known[0]);
      expect(value).not.toEqual(testCase.value);
    } else {
      expect(value).toEqual(testCase.value ?? null);
    }
  });

  it.each(cases.map((testCase) => testCase.expression))('should accept %s at deployment', (expression) => {
    if (knownDifferences[expression]?.[1].includes('lezer-feel')) return;
    expect(feelSyntaxError(expression)).toBeNull();
  });
});

describe('the Camunda FEEL built-ins', () => {
  it('should let a process variable shadow a built-in of the same name', () => {
    expect(evaluateFeel('trim', { trim: 'kept' }).value).toBe('kept');
  });

  it('should give a new uuid each time', () => {
    expect(evaluateFeel('uuid()', {}).value).not.toEqual(evaluateFeel('uuid()', {}).value);
  });

  it('should record a failed assert as a problem with its cause', () => {
    expect(evaluateFeel('assert(x, x > 0, "x must be positive")', { x: -1 })).toEqual({ value: null, problem: 'x must be positive' });
  });

  it('should count a backtick name as the variable it names, and no built-in as a variable', () => {
    expect(variablesRead('experiment.`steady-state-hypothesis`.title')).toEqual(['experiment']);
    expect(variablesRead('trim(name) + string(count(lines))')).toEqual(['name', 'lines']);
    // get or else's value may be absent by design, as with is defined(x)
    expect(variablesRead('get or else(order.total, 0) + count(lines)')).toEqual(['lines']);
  });
});
