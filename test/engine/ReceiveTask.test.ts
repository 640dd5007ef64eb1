import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../../compiler/compile.js';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

describe('ReceiveTask', () => {
  it('should wait for its message and map what it carries', async () => {
    // given
    const model = await loadModel('ReceiveTask.message-boundary.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { invoiceId: 7, overdueAfter: 'PT1H' });
    await ports.advance(0);
    expect(ports.openSubscriptions()).toEqual([{ elementId: 'waitForPayment', messageName: 'payment-received', correlationKey: '7' }]);
    // when
    await ports.correlate('payment-received', '7', { amount: 120 });
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { invoiceId: 7, overdueAfter: 'PT1H', paid: 120 } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'waitForPayment', 'paidEnd']);
  });

  it('should be interrupted by its boundary timer', async () => {
    // given
    const model = await loadModel('ReceiveTask.message-boundary.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, { invoiceId: 7, overdueAfter: 'PT1H' });
    // when
    await ports.advance(3_600_000);
    // then
    expect(await outcome).toMatchObject({ kind: 'completed' });
    expect(instance.snapshot().completedElements).toEqual(['start', 'paymentOverdue', 'overdueEnd']);
    expect(ports.openSubscriptions()).toEqual([]);
  });
});

describe('LinkEvent', () => {
  it('should go on at the link catch event of the same name', async () => {
    // given
    const model = await loadModel('LinkEvent.jump.bpmn');
    const ports = new FakePorts();
    // when
    const { instance, outcome } = start(model, ports);
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { steps: 2 } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'first', 'toPageTwo', 'fromPageOne', 'second', 'end']);
  });

  it('should reject at deployment a link throw event whose name no catch in its scope has, naming the throw', async () => {
    // when
    const { ok, errors } = await compileBpmn(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="broken" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateThrowEvent id="toNowhere"><bpmn:linkEventDefinition name="nowhere" /></bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="toNowhere" />
  </bpmn:process>
</bpmn:definitions>`);
    // then
    expect(ok).toBe(false);
    expect(errors).toEqual([{ elementId: 'toNowhere', message: expect.stringContaining('No link catch event named "nowhere"') }]);
  });

  it('should reject a link catch event behind an event-based gateway, where it would win at once', async () => {
    // when
    const { ok, errors } = await compileBpmn(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="race" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:eventBasedGateway id="gateway" />
    <bpmn:intermediateCatchEvent id="linked"><bpmn:linkEventDefinition name="l" /></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gateway" />
    <bpmn:sequenceFlow id="f2" sourceRef="gateway" targetRef="linked" />
    <bpmn:sequenceFlow id="f3" sourceRef="gateway" targetRef="later" />
    <bpmn:sequenceFlow id="f4" sourceRef="linked" targetRef="end" />
    <bpmn:sequenceFlow id="f5" sourceRef="later" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`);
    // then
    expect(ok).toBe(false);
    expect(errors).toEqual([{ elementId: 'linked', message: expect.stringContaining('cannot follow event-based gateway') }]);
  });
});

