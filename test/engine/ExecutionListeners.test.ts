import { describe, expect, it } from 'vitest';
import { JobFailure } from '../../engine/index.js';
import { bpmnError, FakePorts, loadModel, settle, start } from './support/fake-ports.js';

describe('ExecutionListeners', () => {
  it('should run a non-interrupting boundary end listener each time it fires, skip the end listener of a throw its escalation interrupted, and run a terminate end event end listener before it ends the process', async () => {
    // given
    const model = await loadModel('ExecutionListeners.escalation-terminate.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { title: 'late review' });
    await ports.advance(0);
    // when: the reminder fires after 10 minutes, the escalation after an hour
    await ports.advance(10 * 60_000);
    const afterReminder = ports.jobs.map((job) => `${job.elementId}:${job.loopCounter}`);
    await ports.advance(60 * 60_000);
    // then
    expect(afterReminder).toEqual(['reminder:-1']);
    expect(ports.jobs.map((job) => `${job.elementId}:${job.loopCounter}`)).toEqual([
      'reminder:-1', // non-interrupting timer boundary end
      'raise:-1', // throw start; its end listener never runs: its escalation interrupted the sub-process
      'escalated:-1', // interrupting escalation boundary end
      'stopAll:-1', // terminate end event end, before the scope ends
      'listenedEscalations:-1', // process end
    ]);
    // the throw's start listener result stayed inside the sub-process; the end listeners' reached the process
    expect(await outcome).toEqual({ kind: 'completed', variables: { title: 'late review', tick: -1 } });
    const completed = instance.snapshot().completedElements;
    expect(completed).toEqual(expect.arrayContaining(['reminder', 'reminded', 'raise', 'escalated', 'stopAll']));
    expect(completed).not.toContain('approved');
    expect(ports.openTasks()).toEqual([]);
  });

  it("should hand a listener job the element's task headers with its own on top, but not the headers that configure the element's own job", async () => {
    // given
    const model = await loadModel('ExecutionListeners.headers.bpmn');
    const ports = new FakePorts();
    // when
    const { outcome } = start(model, ports, {});
    await outcome;
    // then
    expect(ports.jobs.map((job) => ({ elementId: job.elementId, loopCounter: job.loopCounter, headers: job.headers }))).toEqual([
      { elementId: 'notify', loopCounter: -1, headers: { channel: 'email', priority: 'high' } },
      { elementId: 'notify', loopCounter: 1, headers: { channel: 'email', priority: 'low', resultVariable: 'notified' } },
    ]);
  });

  it("should keep a sub-process start listener's result inside the sub-process and send its end listener's to the process", async () => {
    // given
    const model = await loadModel('ExecutionListeners.sub-process.bpmn');
    const ports = new FakePorts();
    // when
    const { outcome } = start(model, ports, { title: 'crate' });
    // then: the script inside read the start listener's echo; the echo itself did not leave the sub-process
    expect(await outcome).toEqual({ kind: 'completed', variables: { title: 'crate', weighedBy: 'pack', tick: -2 } });
    expect(ports.jobs.map((job) => `${job.elementId}:${job.loopCounter}`)).toEqual(['pack:-1', 'packStart:-1', 'pack:-2']);
  });

  it("should open an incident for a listener's BPMN error instead of letting the activity's error boundary catch it, and run the listener again on retry", async () => {
    // given: the audit listener throws OUT_OF_STOCK once, which the boundary would catch from the task itself
    const model = await loadModel('ExecutionListeners.bpmn-error.bpmn');
    const ports = new FakePorts();
    let audits = 0;
    ports.jobHandlers.set('test.audit', () => {
      audits += 1;
      if (audits === 1) throw bpmnError('OUT_OF_STOCK');
      return { resultVariable: 'audited', result: true };
    });
    const { instance, outcome } = start(model, ports, {});
    await settle();
    // when
    expect(ports.openIncidents()).toMatchObject([{ elementId: 'reserve', message: expect.stringContaining("An execution listener threw error 'OUT_OF_STOCK', which no boundary event may catch") }]);
    await ports.retryIncident('reserve');
    // then
    expect(await outcome).toMatchObject({ kind: 'completed' });
    expect(instance.snapshot().completedElements).toEqual(['start', 'reserve', 'reserved']);
    expect(ports.jobs.map((job) => `${job.elementId}:${job.loopCounter}`)).toEqual(['reserve:-1', 'reserve:-1', 'reserve:1']);
  });
});

describe('ExecutionListeners: where results go, and retries after a FEEL failure', () => {
  it("should keep an event's and a gateway's start listener results local: the gateway's conditions, the timer, the end listener and the signal see them, the process does not", async () => {
    // given
    const model = await loadModel('ExecutionListeners.local-results.bpmn');
    const ports = new FakePorts();
    const { outcome } = start(model, ports, { title: '77' });
    await ports.advance(0);
    // when: the timer its start listener chose (PT1S) runs out
    await ports.advance(999);
    const beforeTimer = ports.jobs.map((job) => job.elementId);
    await ports.advance(1);
    // then
    expect(beforeTimer).toEqual(['route', 'cooldown']);
    expect(ports.jobs.map((job) => `${job.elementId}:${job.taskType}`)).toEqual(['route:test.echo', 'cooldown:test.pickDelay', 'cooldown:test.seeDelay', 'announce:test.seeSubject']);
    // the throw's start listener ran after its input mapping; the signal carried both
    expect(ports.broadcasts.map((broadcast) => broadcast.variables)).toEqual([{ subject: 'Order 77', seen: 'Order 77' }]);
    // only the end listener's result reached the process; echo, delay, subject and seen stayed with their elements
    expect(await outcome).toEqual({ kind: 'completed', variables: { title: '77', waited: 'PT1S' } });
  });

  it('should run the earlier listeners of the event type again when a listener whose FEEL type gave nothing is retried, and a failed listener job alone', async () => {
    // given: the channel lookup answers nothing the first time, so the second listener's type is null
    const model = await loadModel('ExecutionListeners.feel-type-retry.bpmn');
    const ports = new FakePorts();
    ports.jobHandlers.set('test.lookupChannel', (request) => ({ resultVariable: 'channel', result: request.loopCounter === -1 ? null : 'test.notify' }));
    let notifies = 0;
    ports.jobHandlers.set('test.notify', () => {
      notifies += 1;
      if (notifies === 1) throw new JobFailure('the mail server is down');
      return { resultVariable: null, result: null };
    });
    const { instance, outcome } = start(model, ports, {});
    await settle();
    expect(ports.openIncidents()).toMatchObject([{ elementId: 'ship', message: 'The task type =channel gave null, not a task type' }]);
    // when: retried, the lookup runs again and the second listener's job fails once
    await ports.retryIncident('ship');
    expect(ports.openIncidents()).toMatchObject([{ elementId: 'ship', message: expect.stringContaining('the mail server is down') }]);
    await ports.retryIncident('ship');
    // then: a FEEL failure re-ran the lookup (new key); the job failure re-ran only its own listener (same key)
    expect(await outcome).toMatchObject({ kind: 'completed' });
    expect(ports.jobs.map((job) => `${job.taskType}:${job.loopCounter}`)).toEqual(['test.lookupChannel:-1', 'test.lookupChannel:-2', 'test.notify:-3', 'test.notify:-3', 'test.tick:1']);
    expect(instance.snapshot().completedElements).toEqual(['start', 'ship', 'end']);
  });
});

describe('ExecutionListeners on multi-instance activities', () => {
  it('should run the start and end listeners around each inner instance, as Zeebe does, and none around the whole', async () => {
    // given
    const model = await loadModel('ExecutionListeners.multi-instance.bpmn');
    const ports = new FakePorts();
    // when
    const { outcome } = start(model, ports, { items: [1, 2, 3] });
    const result = await outcome;
    // then: sequential, start - task - end for each item in turn
    const sequential = ports.jobs.filter((job) => job.elementId === 'sequentialLines').map((job) => `${job.taskType}:${String(job.variables.item)}`);
    expect(sequential).toEqual(['test.tick:1', 'test.double:1', 'test.echo:1', 'test.tick:2', 'test.double:2', 'test.echo:2', 'test.tick:3', 'test.double:3', 'test.echo:3']);
    // parallel: each inner instance's start listener before its task, its end listener after
    const parallel = ports.jobs.filter((job) => job.elementId === 'parallelLines').map((job) => `${job.taskType}:${String(job.variables.item)}`);
    expect(parallel).toHaveLength(9);
    for (const item of [1, 2, 3]) {
      const order = ['test.tick', 'test.double', 'test.echo'].map((type) => parallel.indexOf(`${type}:${item}`));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    // the inner instances' listener results stayed inside them (start) or reached the scope around them (end)
    expect(result).toMatchObject({ kind: 'completed', variables: { results: [2, 4, 6], parallelResults: [2, 4, 6], echo: { elementId: 'parallelLines' } } });
    expect(result.kind === 'completed' && result.variables).not.toHaveProperty('tick');
  });
});
