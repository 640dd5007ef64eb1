import { BpmnModdle } from 'bpmn-moddle';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { serviceTaskTypes } from '../../../activities/registry.js';
import { compileBpmn } from '../../../compiler/index.js';
import { createDiagramLinter } from '../../../modeler-ui/src/modeler/lint/index.js';

const lint = createDiagramLinter(new Set(serviceTaskTypes.keys()));
const moddle = new BpmnModdle({ zeebe });
const lintXml = async (xml: string) => lint((await moddle.fromXML(xml)).rootElement);

const shipped = new URL('../../../processes/bpmn/', import.meta.url);
const hello = readFileSync(new URL('hello.bpmn', shipped), 'utf8');

/** hello.bpmn with one thing broken, as a designer would break it. */
const broken: Array<[string, string]> = [
  ['a service task without a type', hello.replace('<zeebe:taskDefinition type="notify.send" retries="3" />', '')],
  ['retries that are not a whole number', hello.replace('retries="3"', 'retries="three"')],
  ['a receive task without a message', hello.replace(/<bpmn:serviceTask id="Task_greet"([^>]*)>[\s\S]*?<\/bpmn:serviceTask>/, '<bpmn:receiveTask id="Task_greet"$1 />')],
  ['a due date that does not parse', hello.replace(/<bpmn:serviceTask id="Task_greet"([^>]*)>[\s\S]*?<\/bpmn:serviceTask>/, '<bpmn:userTask id="Task_greet"$1><bpmn:extensionElements><zeebe:assignmentDefinition assignee="sam" /><zeebe:taskSchedule dueDate="next tuesday" /></bpmn:extensionElements></bpmn:userTask>')],
  ['a called decision without a result variable', hello.replace(/<bpmn:serviceTask id="Task_greet"([^>]*)>[\s\S]*?<\/bpmn:serviceTask>/, '<bpmn:businessRuleTask id="Task_greet"$1><bpmn:extensionElements><zeebe:calledDecision decisionId="greeting" /></bpmn:extensionElements></bpmn:businessRuleTask>')],
  ['a process without a start event', hello.replace(/<bpmn:startEvent id="StartEvent_hello"([^>]*)>[\s\S]*?<\/bpmn:startEvent>/, '<bpmn:task id="StartEvent_hello"$1 />')],
];

describe('lint as you draw', () => {
  it.each(readdirSync(shipped).filter((file) => file.endsWith('.bpmn')))('should find no error in the shipped process %s', async (file) => {
    // when
    const problems = await lintXml(readFileSync(new URL(file, shipped), 'utf8'));
    // then
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it.each(broken)('should mark %s as the compiler refuses it, with the same words', async (_what, xml) => {
    // given
    const compiled = await compileBpmn(xml);
    expect(compiled.ok).toBe(false);
    const refused = compiled.ok ? [] : compiled.errors;
    // when
    const problems = await lintXml(xml);
    // then
    const marked = problems.filter((problem) => problem.severity === 'error').map(({ elementId, message }) => ({ elementId, message }));
    for (const error of refused) expect(marked).toContainEqual({ elementId: error.elementId, message: expect.stringContaining(error.message.replace(/\.$/, '').slice(0, 40)) });
  });

  it('should accept a business rule task that calls a decision', async () => {
    // given
    const xml = hello.replace(
      /<bpmn:serviceTask id="Task_greet"([^>]*)>[\s\S]*?<\/bpmn:serviceTask>/,
      '<bpmn:businessRuleTask id="Task_greet"$1><bpmn:extensionElements><zeebe:calledDecision decisionId="greeting" resultVariable="greeting" /></bpmn:extensionElements></bpmn:businessRuleTask>',
    );
    // when
    const problems = await lintXml(xml);
    // then
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('should accept, as Deploy does, a task type and retries given as FEEL (evaluated per job)', async () => {
    // given
    const xml = hello.replace('type="notify.send" retries="3"', 'type="=channel + &quot;.send&quot;" retries="=attempts"');
    // when
    const compiled = await compileBpmn(xml);
    const problems = await lintXml(xml);
    // then
    expect(compiled.errors).toEqual([]);
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('should warn, as Deploy does, that a user task nobody owns is open to every employee', async () => {
    // given
    const xml = hello.replace(/<bpmn:serviceTask id="Task_greet"([^>]*)>[\s\S]*?<\/bpmn:serviceTask>/, '<bpmn:userTask id="Task_greet"$1 />');
    const compiled = await compileBpmn(xml);
    // when
    const problems = await lintXml(xml);
    // then
    const warned = compiled.warnings.find((warning) => warning.elementId === 'Task_greet')!;
    expect(warned.message).toContain('open to every employee');
    expect(problems).toContainEqual({ elementId: 'Task_greet', message: warned.message, severity: 'warning', source: 'lint', rule: 'user-task-owner' });
    expect(problems.filter((problem) => problem.elementId === 'Task_greet' && problem.severity === 'error')).toEqual([]);
  });

  it('should warn, as Deploy does, about a gateway without a default flow', async () => {
    // given
    const xml = readFileSync(new URL('lead-to-cash.bpmn', shipped), 'utf8').replace(/ default="[^"]+"/, '');
    // when
    const problems = await lintXml(xml);
    // then
    expect(problems).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringContaining('has no default flow') }));
  });
});
