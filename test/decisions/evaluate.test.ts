import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecisionEvaluationError, evaluateDecision } from '../../decisions/evaluate.js';
import type { DecisionGraph } from '../../decisions/model.js';
import { readDmn } from '../../decisions/read-dmn.js';
import { tableDmn, type TableSpec } from './tables.js';

async function graphOf(xml: string): Promise<DecisionGraph> {
  const read = await readDmn(xml);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return read.graph;
}

const evaluateTable = async (spec: TableSpec, variables: Record<string, unknown>) =>
  evaluateDecision(await graphOf(tableDmn(spec)), 'decision', variables).value;

// One score table, evaluated under every hit policy: rules 1 and 2 both match score 70.
const scores = (hitPolicy: string, aggregation?: string): TableSpec => ({
  hitPolicy,
  ...(aggregation ? { aggregation } : {}),
  inputs: ['score'],
  outputs: [{ name: 'level', values: '"high","medium","low"' }],
  rules: [
    { in: ['>= 50'], out: ['"medium"'] },
    { in: ['>= 60'], out: ['"high"'] },
    { in: ['< 50'], out: ['"low"'] },
  ],
});

const amounts = (aggregation: string): TableSpec => ({
  hitPolicy: 'COLLECT',
  aggregation,
  inputs: ['kind'],
  outputs: [{ name: 'fee' }],
  rules: [
    { in: ['"express","any"'], out: ['15'] },
    { in: ['-'], out: ['5'] },
    { in: ['"express"'], out: ['2.5'] },
  ],
});

describe('decision tables: hit policies as dmn-scala applies them', () => {
  it.each([
    ['FIRST', scores('FIRST'), { score: 70 }, 'medium'],
    ['PRIORITY (by output values)', scores('PRIORITY'), { score: 70 }, 'high'],
    ['OUTPUT ORDER', scores('OUTPUT ORDER'), { score: 70 }, ['high', 'medium']],
    ['RULE ORDER', scores('RULE ORDER'), { score: 70 }, ['medium', 'high']],
    ['COLLECT', scores('COLLECT'), { score: 70 }, ['medium', 'high']],
    ['COLLECT, one match, still a list', scores('COLLECT'), { score: 55 }, ['medium']],
    ['UNIQUE, one match', scores('UNIQUE'), { score: 10 }, 'low'],
    ['no rule matches, no default', { inputs: ['x'], outputs: [{ name: 'y' }], rules: [{ in: ['> 5'], out: ['1'] }] }, { x: 1 }, null],
    ['no rule matches, default output', { inputs: ['x'], outputs: [{ name: 'y', default: '"fallback"' }], rules: [{ in: ['> 5'], out: ['1'] }] }, { x: 1 }, 'fallback'],
    ['COLLECT SUM', amounts('SUM'), { kind: 'express' }, 22.5],
    ['COLLECT MIN', amounts('MIN'), { kind: 'express' }, 2.5],
    ['COLLECT MAX', amounts('MAX'), { kind: 'express' }, 15],
    ['COLLECT COUNT', amounts('COUNT'), { kind: 'express' }, 3],
    ['COLLECT SUM of one rule', amounts('SUM'), { kind: 'standard' }, 5],
    ['ANY with equal outputs', { hitPolicy: 'ANY', inputs: ['x'], outputs: [{ name: 'y' }], rules: [{ in: ['> 1'], out: ['"ok"'] }, { in: ['> 2'], out: ['"ok"'] }] }, { x: 5 }, 'ok'],
    [
      'several outputs make a context',
      { inputs: ['x'], outputs: [{ name: 'a' }, { name: 'b' }], rules: [{ in: ['-'], out: ['x * 2', '"two"'] }] },
      { x: 4 },
      { a: 8, b: 'two' },
    ],
    ['an empty output entry is null', { inputs: ['x'], outputs: [{ name: 'a' }], rules: [{ in: ['-'], out: [''] }] }, { x: 4 }, null],
    ['ranges, lists and not()', { hitPolicy: 'RULE ORDER', inputs: ['x'], outputs: [{ name: 'r' }], rules: [{ in: ['[1..5)'], out: ['"range"'] }, { in: ['1, 3, 7'], out: ['"list"'] }, { in: ['not(3)'], out: ['"not"'] }] }, { x: 3 }, ['range', 'list']],
    ['a missing variable is null and matches nothing but -', { hitPolicy: 'RULE ORDER', inputs: ['missing'], outputs: [{ name: 'r' }], rules: [{ in: ['> 1'], out: ['"gt"'] }, { in: ['-'], out: ['"any"'] }] }, {}, ['any']],
    ['? in an input entry', { inputs: ['name'], outputs: [{ name: 'r' }], rules: [{ in: ['starts with(?, "Ac")'], out: ['true'] }] }, { name: 'Acme' }, true],
    ['output entries see the variables', { inputs: ['order.total'], outputs: [{ name: 'r' }], rules: [{ in: ['> 100'], out: ['order.total * 0.1'] }] }, { order: { total: 250 } }, 25],
  ])('%s', async (_name, spec, variables, expected) => {
    expect(await evaluateTable(spec, variables)).toEqual(expected);
  });

  it('UNIQUE with two matching rules fails naming the decision and the count', async () => {
    await expect(evaluateTable(scores('UNIQUE'), { score: 70 })).rejects.toThrow("Decision 'decision': 2 rules matched, but hit policy UNIQUE allows one");
  });

  it('ANY with different outputs fails', async () => {
    await expect(evaluateTable(scores('ANY'), { score: 70 })).rejects.toThrow(DecisionEvaluationError);
  });

  it('COLLECT SUM of a non-number fails', async () => {
    const spec: TableSpec = { hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: ['x'], outputs: [{ name: 'y' }], rules: [{ in: ['-'], out: ['"text"'] }] };
    await expect(evaluateTable(spec, { x: 1 })).rejects.toThrow('COLLECT SUM needs numbers');
  });
});

describe('decision requirements graphs', () => {
  const discount = readFileSync(new URL('./Discount.rules.dmn', import.meta.url), 'utf8');

  it.each([
    [{ client: { revenue: 250_000 }, order: { total: 5_000 } }, { percent: 10, reason: 'gold client, large order' }],
    [{ client: { revenue: 250_000 }, order: { total: 500 } }, { percent: 5, reason: 'gold client' }],
    [{ client: { revenue: 50_000 }, order: { total: 5_000 } }, { percent: 0, reason: 'no discount for silver' }],
    [{ client: { revenue: 100 }, order: { total: 5_000 } }, { percent: 0, reason: 'no discount for standard' }],
  ])('a required decision runs first and its result is visible by its id: %j', async (variables, expected) => {
    const evaluation = evaluateDecision(await graphOf(discount), 'orderDiscount', variables);
    expect(evaluation.value).toEqual(expected);
    expect(Object.keys(evaluation.matchedRules).sort()).toEqual(['customerTier', 'orderDiscount']);
  });

  it('a literal expression decision gives its value', async () => {
    expect(evaluateDecision(await graphOf(discount), 'greeting', { client: { name: 'Acme' } }).value).toBe('Dear Acme');
  });

  it('reads names, the version tag and the result name', async () => {
    const graph = await graphOf(discount);
    expect(graph).toMatchObject({ id: 'DiscountRules', name: 'Discount rules' });
    expect(graph.decisions.map(({ id, versionTag, resultName }) => ({ id, versionTag, resultName }))).toEqual([
      { id: 'customerTier', versionTag: 'v1', resultName: 'customerTier' },
      { id: 'orderDiscount', versionTag: null, resultName: 'orderDiscount' },
      { id: 'greeting', versionTag: null, resultName: 'greetingText' },
    ]);
  });

  it('an unknown decision id fails', async () => {
    expect(() => evaluateDecision({ id: 'g', name: null, decisions: [] }, 'nope', {})).toThrow("Decision 'nope': no such decision in 'g'");
  });
});
