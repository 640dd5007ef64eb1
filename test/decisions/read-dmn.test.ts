import { describe, expect, it } from 'vitest';
import { readDmn } from '../../decisions/read-dmn.js';
import { tableDmn } from './tables.js';

const DMN = 'xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"';

async function errorsOf(xml: string) {
  const read = await readDmn(xml);
  return read.ok ? [] : read.errors;
}

describe('reading DMN: everything that would not run as written is an error with its element id', () => {
  it.each([
    ['not XML', 'hello', null, 'not DMN 1.3 XML'],
    ['an entity declaration', `<!DOCTYPE x [<!ENTITY a "b">]><definitions ${DMN} id="g"/>`, null, 'DOCTYPE and ENTITY'],
    ['no decision', `<definitions ${DMN} id="g" namespace="n"/>`, 'g', 'no decision'],
    [
      'a business knowledge model',
      `<definitions ${DMN} id="g" namespace="n"><businessKnowledgeModel id="bkm1" name="b"/><decision id="d"><literalExpression id="le"><text>1</text></literalExpression></decision></definitions>`,
      'bkm1',
      'Business knowledge models are not supported',
    ],
    [
      'a context as decision logic',
      `<definitions ${DMN} id="g" namespace="n"><decision id="d"><context id="ctx1"/></decision></definitions>`,
      'ctx1',
      'Context is not supported',
    ],
    [
      'a required decision that does not exist',
      `<definitions ${DMN} id="g" namespace="n"><decision id="d"><informationRequirement id="ir"><requiredDecision href="#ghost"/></informationRequirement><literalExpression id="le"><text>1</text></literalExpression></decision></definitions>`,
      'd',
      '"ghost"',
    ],
    [
      'a cycle of required decisions',
      `<definitions ${DMN} id="g" namespace="n"><decision id="a"><informationRequirement id="i1"><requiredDecision href="#b"/></informationRequirement><literalExpression id="l1"><text>1</text></literalExpression></decision><decision id="b"><informationRequirement id="i2"><requiredDecision href="#a"/></informationRequirement><literalExpression id="l2"><text>1</text></literalExpression></decision></definitions>`,
      'a',
      'cycle',
    ],
    ['a broken input entry', tableDmn({ inputs: ['x'], outputs: [{ name: 'y' }], rules: [{ in: ['[1..'], out: ['1'] }] }), 'rule1', 'Input entry "[1.."'],
    ['a broken output entry', tableDmn({ inputs: ['x'], outputs: [{ name: 'y' }], rules: [{ in: ['-'], out: ['1 +'] }] }), 'rule1', 'Output entry 1 "1 +"'],
    ['a broken input expression', tableDmn({ inputs: ['x +'], outputs: [{ name: 'y' }], rules: [] }), 'in0', 'input expression "x +"'],
    ['too few input entries', tableDmn({ inputs: ['x', 'z'], outputs: [{ name: 'y' }], rules: [{ in: ['-'], out: ['1'] }] }), 'rule1', '1 input entries for 2 inputs'],
    ['an aggregation without COLLECT', tableDmn({ hitPolicy: 'FIRST', aggregation: 'SUM', inputs: ['x'], outputs: [{ name: 'y' }], rules: [] }), 'table', 'needs hit policy COLLECT'],
    ['PRIORITY without output values', tableDmn({ hitPolicy: 'PRIORITY', inputs: ['x'], outputs: [{ name: 'y' }], rules: [] }), 'table', 'sorts by output values'],
  ])('%s', async (_name, xml, elementId, message) => {
    const errors = await errorsOf(xml);
    expect(errors, JSON.stringify(errors)).toContainEqual({ elementId, message: expect.stringContaining(message) });
  });

  it('reports every problem at once', async () => {
    const xml = tableDmn({ inputs: ['x +'], outputs: [{ name: 'y' }], rules: [{ in: ['[1..'], out: ['1 +'] }] });
    expect((await errorsOf(xml)).map((problem) => problem.elementId).sort()).toEqual(['in0', 'rule1', 'rule1']);
  });
});
