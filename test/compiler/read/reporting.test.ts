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

  it('should read execution listeners on an activity and reject them, with the id, where they do not run', async () => {
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
    expect(result.errors).toEqual([
      { elementId: 'work', message: expect.stringContaining('"cancel" is not supported') },
      { elementId: 'split', message: expect.stringContaining('on tasks, sub-processes and call activities only') },
    ]);
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
