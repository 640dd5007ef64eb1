import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../compiler/compile.js';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

describe('EscalationEvent', () => {
  it('should let an escalation end event be caught by the interrupting boundary event of its sub-process', async () => {
    // given
    const model = await loadModel('EventSubProcess.in-sub-process.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports, { stuck: true });
    // then
    expect(await outcome).toMatchObject({ kind: 'completed' });
    const completed = instance.snapshot().completedElements;
    expect(completed).toEqual(expect.arrayContaining(['reportLate', 'onLate', 'gaveUp', 'stuckCaught', 'escalatedEnd']));
    expect(completed).not.toContain('shipping');
    expect(completed).not.toContain('end');
  });

  it('should go on when nothing catches an escalation (Camunda 8: no incident)', async () => {
    // given
    const { ok, processes, errors } = await compileBpmn(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:escalation id="Escalation_x" escalationCode="X" />
  <bpmn:process id="uncaught" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="Escalation_x" /></bpmn:intermediateThrowEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="raise" />
    <bpmn:sequenceFlow id="f2" sourceRef="raise" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`);
    expect(errors).toEqual([]);
    expect(ok).toBe(true);
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(processes[0]!, ports);
    // then
    expect(await outcome).toMatchObject({ kind: 'completed' });
    expect(instance.snapshot().completedElements).toEqual(['start', 'raise', 'end']);
  });

  it('should let a catch-all non-interrupting boundary event take an escalation while the sub-process runs on', async () => {
    // given
    const model = await loadModel('EscalationEvent.non-interrupting-boundary.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports);
    await ports.advance(0);
    // then: help was called, and the review still waits for its decision
    expect(instance.snapshot().completedElements).toEqual(['start', 'reviewStart', 'helpNeeded', 'askForHelp', 'callHelp', 'helpEnd']);
    expect(ports.openTasks().map((task) => task.elementId)).toEqual(['decide']);
    // when: the review ends, and a signal wins the event-based gateway over its timer
    await ports.completeTask('decide');
    expect(ports.pendingTimers()).toEqual([3_600_000]);
    await ports.signal('go-ahead');
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { helped: true } });
    expect(instance.snapshot().completedElements.slice(-4)).toEqual(['review', 'waitForGo', 'goAhead', 'end']);
    expect(ports.pendingTimers()).toEqual([]);
  });

  it('should hand an escalation a called process does not catch to the boundary events of its call activity', async () => {
    // given
    const model = await loadModel('CallActivity.escalation.bpmn', 'escalatingCaller');
    const child = await loadModel('CallActivity.escalation.bpmn', 'escalatingChild');
    const small = new FakePorts();
    const big = new FakePorts();
    for (const ports of [small, big]) ports.childModels.set('escalatingChild', child);
    // when
    const informed = start(model, small, { big: false });
    const interrupted = start(model, big, { big: true });
    // then: FYI is noted beside the call; TOO_BIG interrupts it
    expect(await informed.outcome).toEqual({ kind: 'completed', variables: { big: false, informedByChild: true } });
    expect(informed.instance.snapshot().completedElements).toEqual(['start', 'informed', 'noteInfo', 'infoEnd', 'callReview', 'end']);
    expect(await interrupted.outcome).toMatchObject({ kind: 'completed' });
    expect(interrupted.instance.snapshot().completedElements).toEqual(expect.arrayContaining(['informed', 'tooBig', 'tooBigEnd']));
    expect(interrupted.instance.snapshot().completedElements).not.toContain('end');
  });
});

