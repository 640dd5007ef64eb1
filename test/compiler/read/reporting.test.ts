import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileBpmn } from '../../../compiler/index.js';
import { compileFixture } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);

describe('reporting what real Camunda 8 diagrams contain', () => {
  it('should name the user task that holds an unknown zeebe: extension, and report problems inside a rejected sub-process', async () => {
    // given
    // when
    const result = await compile('Rejected.problems-inside.bpmn');

    // then
    expect(result.errors).toEqual([
      { elementId: 'review', message: expect.stringContaining('<zeebe:notAnExtension>') },
      { elementId: 'adHoc', message: expect.stringContaining('AdHocSubProcess is not supported') },
      { elementId: 'noTypeInside', message: expect.stringContaining('no task type') },
    ]);
  });

  it('should deploy an inbound connector start event with a warning naming what triggers it here', async () => {
    // given
    // when
    const result = await compile('StartEvent.inbound-webhook.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      { elementId: 'webhookStart', message: expect.stringMatching(/io\.camunda:webhook:1 does not run here: only POST \/api\/messages .* POST \/api\/signals/) },
    ]);
  });

  it('should ignore stray text inside extension elements with a warning on the element', async () => {
    // given
    // when
    const result = await compileFixture(new URL('../../conformance/camunda8/', import.meta.url).href, 'js-sdk.BpmnParser.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.warnings).toContainEqual({ elementId: 'ServiceTask_0bkpmqi', message: 'Ignored text "0ex" where the element takes no text.' });
  });

  it('should read execution listeners on an activity and a gateway, and reject an event type Camunda 8 does not know', async () => {
    // given
    // when
    const accepted = await compileFixture(new URL('../../engine/', import.meta.url).href, 'ExecutionListeners.service-task.bpmn');
    const result = await compile('ExecutionListeners.on-gateway.bpmn');

    // then
    expect(accepted.errors).toEqual([]);
    expect(accepted.processes[0]?.elements['quote']).toMatchObject({
      executionListeners: [
        { eventType: 'start', job: { taskType: 'test.tick', retries: 3 } },
        { eventType: 'end', job: { taskType: 'test.tick', retries: 1 } },
      ],
    });
    expect(result.errors).toEqual([{ elementId: 'work', message: expect.stringContaining('"cancel" is not supported') }]);
  });

  it('should read execution listeners on the process and on events, and refuse, with the id and why, those Camunda 8 refuses', async () => {
    // given
    // when
    const result = await compile('ExecutionListeners.where-camunda-refuses.bpmn');

    // then
    expect(result.errors).toEqual([
      { elementId: 'start', message: expect.stringContaining('start event runs no start execution listeners') },
      { elementId: 'fork', message: expect.stringContaining('gateway runs no end execution listeners') },
      { elementId: 'reserve', message: expect.stringContaining('Two start execution listeners have the type "audit.step"') },
      { elementId: 'outOfStock', message: expect.stringContaining('boundary event runs no start execution listeners') },
      { elementId: 'failed', message: expect.stringContaining('error end event runs no end execution listeners') },
    ]);
    // and: without the refused ones, the rest is read onto each element and the process
    const xml = readFileSync(new URL('ExecutionListeners.where-camunda-refuses.bpmn', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => !/audit\.(tooEarly|forked|notYet|neverEnds)/.test(line))
      .join('\n')
      .replace('<zeebe:executionListener eventType="start" type="audit.step" />', '');
    const accepted = await compileBpmn(xml);
    expect(accepted.errors).toEqual([]);
    const [model] = accepted.processes;
    const types = (id: string) => model?.elements[id]?.executionListeners?.map((listener) => `${listener.eventType} ${listener.job.taskType}`);
    expect(model?.executionListeners?.map((listener) => `${listener.eventType} ${listener.job.taskType}`)).toEqual(['start audit.processStarted', 'end audit.processEnded']);
    expect(types('start')).toEqual(['end audit.started']);
    expect(types('fork')).toEqual(['start audit.forking']);
    expect(types('reserve')).toEqual(['start audit.step', 'end audit.step']);
    expect(types('outOfStock')).toEqual(['end audit.caught']);
    expect(types('failed')).toEqual(['start audit.failing']);
    expect(types('wait')).toEqual(['start audit.waiting', 'end audit.waited']);
    expect(types('done')).toBeUndefined();
  });

  it('should read the process version tag and each call activity binding, and refuse a binding it does not know', async () => {
    // given
    const engineFixtures = new URL('../../engine/', import.meta.url).href;
    // when
    const result = await compileFixture(engineFixtures, 'CallActivity.binding.bpmn');
    const unknown = await compileBpmn(readFileSync(new URL('CallActivity.binding.bpmn', engineFixtures), 'utf8').replace('bindingType="deployment"', 'bindingType="newest"'));

    // then
    const [caller, child] = result.processes;
    expect(child?.versionTag).toBe('v1');
    expect(caller?.elements['callLatest']).not.toHaveProperty('bindingType');
    expect(caller?.elements['callSameDeployment']).toMatchObject({ bindingType: 'deployment' });
    expect(caller?.elements['callTagged']).toMatchObject({ bindingType: 'versionTag', versionTag: 'v1' });
    expect(unknown.errors).toEqual([{ elementId: 'callSameDeployment', message: expect.stringContaining('Binding type "newest" is not known') }]);
  });
});
