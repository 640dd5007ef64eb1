import { describe, expect, it } from 'vitest';
import { compileBpmn, MAX_BPMN_BYTES } from '../../compiler/index.js';

const definitions = (body: string) =>
  `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">${body}</bpmn:definitions>`;

describe('safe parsing', () => {
  it.each([
    ['an empty document', '', 'empty'],
    ['text that is not XML', 'hello, world', 'not XML'],
    ['JSON', '{"process": "order"}', 'not XML'],
    ['XML that is not BPMN', '<order id="1"/>', 'not BPMN 2.0 XML'],
    ['truncated XML', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process', 'not BPMN 2.0 XML'],
    ['a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${definitions('&x;')}`, 'DOCTYPE'],
    ['an entity declaration alone', `<!ENTITY lol "lol">${definitions('')}`, 'ENTITY'],
    ['a document without processes', definitions(''), 'no process'],
    ['billion laughs', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${definitions('&lol2;')}`, 'DOCTYPE'],
    ['elements nested 5000 deep', definitions(`${'<bpmn:documentation>'.repeat(5000)}${'</bpmn:documentation>'.repeat(5000)}`), 'nested more than 100 deep'],
    ['a 1 MB attribute', definitions(`<bpmn:process id="p" name="${'x'.repeat(1024 * 1024)}"/>`), 'attribute of <bpmn:process> is 1048576 characters'],
    ['an element with 10 000 attributes', definitions(`<bpmn:process id="p" ${Array.from({ length: 10_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`), 'more than 256 attributes'],
  ])('should reject %s with one document-level problem', async (_case, xml, reason) => {
    // given the input above
    // when
    const result = await compileBpmn(xml);

    // then
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ elementId: null, message: expect.stringContaining(reason) as string }]);
  });

  it('should read a quoted > inside an attribute and self-closing tags without miscounting depth', async () => {
    // given: 150 self-closing siblings whose attributes hold '>', under one process
    const tasks = Array.from({ length: 150 }, (_, i) => `<bpmn:task id="t${i}" name="a > b /"/>`).join('');
    // when
    const result = await compileBpmn(definitions(`<bpmn:process id="p" isExecutable="true">${tasks}</bpmn:process>`));
    // then
    expect(result.errors.map((error) => error.message).join()).not.toMatch(/nested|attribute/);
  });

  it('should refuse a document over the size limit without parsing it', async () => {
    // given
    const xml = definitions(`<!-- ${'x'.repeat(MAX_BPMN_BYTES)} -->`);

    // when
    const result = await compileBpmn(xml);

    // then
    expect(result.errors).toEqual([{ elementId: null, message: expect.stringContaining('limit') as string }]);
  });

  it('should report an unknown BPMN element with the id written on its tag', async () => {
    // given
    const xml = definitions('<bpmn:process id="p" isExecutable="true">\n  <bpmn:startEvent id="s"/>\n  <bpmn:fancyTask id="fancy"/>\n</bpmn:process>');

    // when
    const result = await compileBpmn(xml);

    // then
    expect(result.errors).toEqual([{ elementId: 'fancy', message: expect.stringContaining('bpmn:fancyTask') as string }]);
  });

  it('should never throw, whatever the input', async () => {
    // given
    const inputs = ['<', '<<<>>>', '\uFEFF<x', '<?xml version="1.0"?>', definitions('<bpmn:process/>'), '\u0000'];

    for (const xml of inputs) {
      // when
      const result = await compileBpmn(xml);

      // then
      expect(result.ok).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });
});
