/**
 * The Operaton peer runs the same diagram as the engine (bench/straight-through.bpmn) in the
 * Camunda 7 dialect: same elements, ids and flows, the same conditions in JUEL, and every
 * service task an asyncBefore job calling the bench.step delegate. Pure: parses both files.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../bench/${path}`, import.meta.url), 'utf8');

interface Element {
  id: string;
  $type: string;
  $attrs?: Record<string, string>;
  sourceRef?: { id: string };
  targetRef?: { id: string };
  conditionExpression?: { body: string };
}

async function flowElements(xml: string): Promise<Element[]> {
  const { rootElement } = await new BpmnModdle().fromXML(xml);
  const process = (rootElement as { rootElements: Array<{ $type: string; flowElements: Element[] }> }).rootElements.find((each) => each.$type === 'bpmn:Process')!;
  return process.flowElements;
}

/** Type, id, flow ends and condition, with FEEL's `=x` and JUEL's `${x}` brought to `x`. */
const shape = (elements: Element[]) =>
  elements
    .map((element) => ({
      id: element.id,
      type: element.$type,
      from: element.sourceRef?.id,
      to: element.targetRef?.id,
      condition: element.conditionExpression?.body.replace(/^=/, '').replace(/^\$\{(.*)\}$/, '$1').trim(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('the Operaton peer diagram', () => {
  it('has the same elements, flows and conditions as bench/straight-through.bpmn', async () => {
    const ours = await flowElements(read('straight-through.bpmn'));
    const peer = await flowElements(read('peers/operaton/src/main/resources/straight-through.bpmn'));
    expect(shape(peer)).toEqual(shape(ours));
    expect(ours.filter((element) => element.$type === 'bpmn:ServiceTask')).toHaveLength(5);
  });

  it('makes every service task an asyncBefore job calling the bench.step delegate', async () => {
    const tasks = (await flowElements(read('peers/operaton/src/main/resources/straight-through.bpmn'))).filter((element) => element.$type === 'bpmn:ServiceTask');
    expect(tasks.map((task) => task.$attrs)).toEqual(tasks.map(() => expect.objectContaining({ 'camunda:asyncBefore': 'true', 'camunda:class': 'bench.operaton.BenchStep' })));
  });
});
