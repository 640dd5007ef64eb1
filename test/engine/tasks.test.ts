import { describe, expect, it } from 'vitest';
import { JobFailure, ProcessInstance } from '../../engine/index.js';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

describe('ServiceTask, SendTask, BusinessRuleTask', () => {
  it('should run jobs with input mappings in a local scope and outputs into the process scope', async () => {
    // given
    const model = await loadModel('ServiceTask.io-mapping.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { client: { id: 'c-1', name: 'Acme' } });
    // then
    expect(await outcome).toEqual({
      kind: 'completed',
      variables: {
        client: { id: 'c-1', name: 'Acme' },
        // without output mappings the job result lands in the process scope (the last job wins)
        echo: { elementId: 'score' },
        foundClient: 'c-1',
      },
    });
    expect(ports.jobs.map((job) => [job.elementId, job.taskType])).toEqual([
      ['createDeal', 'test.echo'],
      ['lookupClient', 'test.echo'],
      ['notify', 'test.echo'],
      ['score', 'test.echo'],
    ]);
    expect(ports.jobs[0]!.variables).toMatchObject({ title: 'Acme deal', amount: '500' });
    expect(instance.snapshot().completedElements).toEqual(['start', 'createDeal', 'lookupClient', 'notify', 'score', 'milestone', 'end']);
  });

  it('should open an incident after the last retry and run the job again when retried', async () => {
    // given
    const model = await loadModel('ServiceTask.io-mapping.bpmn');
    const ports = new FakePorts();
    let down = true;
    ports.jobHandlers.set('test.echo', (request) => {
      if (down && request.elementId === 'notify') throw new JobFailure('mail server down');
      return { resultVariable: null, result: null };
    });
    const { instance, outcome } = start(model, ports, { client: { id: 'c-1', name: 'Acme' } });
    await ports.advance(0);
    expect(instance.snapshot()).toMatchObject({ status: 'incident', incidents: [{ elementId: 'notify', message: 'mail server down' }] });
    // when
    down = false;
    await ports.retryIncident('notify');
    // then
    await outcome;
    expect(instance.snapshot().status).toBe('completed');
    expect(ports.jobs.filter((job) => job.elementId === 'notify').map((job) => job.loopCounter)).toEqual([1, 1]);
  });
});

describe('Loop', () => {
  it('should give every pass through the same element its own loop counter', async () => {
    // given
    const model = await loadModel('Loop.counter.bpmn');
    const ports = new FakePorts();
    // when
    const { outcome } = start(model, ports, { i: 0, n: 5 });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { i: 5, n: 5, tick: 5 } });
    expect(ports.jobs.map((job) => job.loopCounter)).toEqual([1, 2, 3, 4, 5]);
  });

  it('should continue as new at a safe point, carrying variables and counters', async () => {
    // given
    const model = await loadModel('Loop.counter.bpmn');
    const ports = new FakePorts();
    ports.jobHandlers.set('test.tick', (request) => {
      ports.suggestContinueAsNew = request.loopCounter === 2;
      return { resultVariable: 'tick', result: request.loopCounter };
    });
    const first = await start(model, ports, { i: 0, n: 4 }).outcome;
    expect(first.kind).toBe('continueAsNew');
    if (first.kind !== 'continueAsNew') return;
    expect(first.checkpoint).toMatchObject({ variables: { i: 1, n: 4, tick: 2 }, executionCounters: { tick: 2 }, resume: { elementId: 'count', viaFlowId: 'f2' } });
    // when
    ports.suggestContinueAsNew = false;
    const second = new ProcessInstance({ model, ports, variables: {}, checkpoint: first.checkpoint });
    // then
    expect(await second.run()).toEqual({ kind: 'completed', variables: { i: 4, n: 4, tick: 4 } });
    expect(ports.jobs.map((job) => job.loopCounter)).toEqual([1, 2, 3, 4]);
    expect(second.snapshot().completedElements).toEqual([
      'start', 'tick', 'count', 'again', 'tick', 'count', 'again', 'tick', 'count', 'again', 'tick', 'count', 'again', 'end',
    ]);
  });
});

describe('UserTask due and follow-up dates', () => {
  it.each([
    // offsets beyond what PostgreSQL keeps (found by Schemathesis), years below 100, FEEL's zone suffix
    ['1200-11-15T04:07:34.0-16:54', '1200-11-15T21:01:34.000Z'],
    ['0099-03-01T00:00:00+01:00', '0099-02-28T23:00:00.000Z'],
    ['2030-01-01T09:00:00+01:00[Europe/Paris]', '2030-01-01T08:00:00.000Z'],
    ['2030-01-01T09:00:00', '2030-01-01T09:00:00.000Z'],
  ])('should hand the inbox %s as the instant it names in UTC, %s', async (given, instant) => {
    // given
    const model = await loadModel('UserTask.due-dates.bpmn');
    const ports = new FakePorts();
    // when
    const { instance } = start(model, ports, { dueAt: given, followUpAt: given });
    await ports.advance(0);
    // then
    expect(ports.openTasks()).toMatchObject([{ elementId: 'review', dueAt: instant, followUpAt: instant }]);
    expect(instance.snapshot().warnings).toEqual([]);
  });

  it('should open the task without a date that names no instant, and say why on the instance', async () => {
    // given
    const model = await loadModel('UserTask.due-dates.bpmn');
    const ports = new FakePorts();
    // when
    const { instance } = start(model, ports, { dueAt: 'tomorrow', followUpAt: '0000-01-01T00:00:00+01:00' });
    await ports.advance(0);
    // then
    expect(ports.openTasks()).toMatchObject([{ elementId: 'review', dueAt: null, followUpAt: null }]);
    expect(instance.snapshot().warnings).toEqual([
      { elementId: 'review', message: expect.stringMatching(/^The due date "tomorrow" is not an ISO 8601 date-time/) },
      { elementId: 'review', message: expect.stringMatching(/^The follow-up date .* is beyond the dates this engine keeps/) },
    ]);
  });
});
