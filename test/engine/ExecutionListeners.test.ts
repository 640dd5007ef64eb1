import { describe, expect, it } from 'vitest';
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
