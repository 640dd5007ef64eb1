import { describe, expect, it } from 'vitest';
import { compileFixture, idsOf } from '../support/fixtures.js';

const compile = (file: string) => compileFixture(import.meta.url, file);
const HOUR = 3_600_000;

describe('events', () => {
  it.each([
    ['StartEvent.message.bpmn', 'start', { type: 'message', messageName: { kind: 'literal', value: 'order-placed' }, correlationKey: null }],
    ['StartEvent.timer-cycle.bpmn', 'start', { type: 'timer', timer: { kind: 'cycle', source: { kind: 'literal', value: 'R3/PT10M' }, parsed: { kind: 'cycle', repetitions: 3, intervalMs: 600_000, startEpochMs: null } } }],
    ['EndEvent.terminate.bpmn', 'end', { type: 'terminate' }],
    ['EndEvent.error.bpmn', 'end', { type: 'error', errorCode: 'OUT_OF_STOCK' }],
    ['IntermediateCatchEvent.message.bpmn', 'middle', { type: 'message', messageName: { kind: 'literal', value: 'order-paid' }, correlationKey: { kind: 'feel', source: 'orderId' } }],
    ['IntermediateCatchEvent.timer-duration.bpmn', 'middle', { type: 'timer', timer: { kind: 'duration', source: { kind: 'literal', value: 'PT15M' }, parsed: { kind: 'duration', durationMs: 900_000 } } }],
    ['IntermediateCatchEvent.timer-date.bpmn', 'middle', { type: 'timer', timer: { kind: 'date', source: { kind: 'literal', value: '2030-01-01T09:00:00+01:00' }, parsed: { kind: 'date', epochMs: Date.UTC(2030, 0, 1, 8) } } }],
    // Calendar months are added in UTC when the timer is armed; a date without an offset is UTC (compiler/timers.ts).
    ['IntermediateCatchEvent.timer-calendar-duration.bpmn', 'middle', { type: 'timer', timer: { kind: 'duration', parsed: { kind: 'duration', durationMs: 0, months: 1 } } }],
    ['IntermediateCatchEvent.timer-date-without-offset.bpmn', 'middle', { type: 'timer', timer: { kind: 'date', parsed: { kind: 'date', epochMs: Date.UTC(2030, 0, 1, 9) } } }],
    ['IntermediateCatchEvent.timer-feel.bpmn', 'middle', { type: 'timer', timer: { kind: 'duration', source: { kind: 'feel', source: 'reminderDelay' }, parsed: null } }],
    ['IntermediateThrowEvent.none.bpmn', 'middle', { type: 'none' }],
    ['BoundaryEvent.error.bpmn', 'boundary', { type: 'error', errorCode: 'OUT_OF_STOCK' }],
    ['BoundaryEvent.error-catch-all.bpmn', 'boundary', { type: 'error', errorCode: null }],
    ['BoundaryEvent.message.bpmn', 'boundary', { type: 'message', messageName: { kind: 'literal', value: 'order-paid' }, correlationKey: { kind: 'feel', source: 'orderId' } }],
  ])('should compile %s with the event definition of "%s"', async (file, elementId, event) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements[elementId]).toMatchObject({ event });
  });

  it('should attach a non-interrupting cycle timer to its host', async () => {
    // given
    // when
    const result = await compile('BoundaryEvent.timer-non-interrupting.bpmn');

    // then
    const elements = result.processes[0]!.elements;
    expect(elements['boundary']).toMatchObject({
      kind: 'boundaryEvent',
      attachedToRef: 'work',
      cancelActivity: false,
      event: { timer: { parsed: { kind: 'cycle', repetitions: 2, intervalMs: 24 * HOUR } } },
    });
    expect(elements['work']).toMatchObject({ boundaryEventIds: ['boundary'] });
  });

  it('should run a message throw event and a message end event without a message reference as their jobs', async () => {
    // given
    // when
    const result = await compile('IntermediateThrowEvent.message-job.bpmn');

    // then
    expect(result.errors).toEqual([]);
    expect(result.processes[0]?.elements['middle']).toMatchObject({
      kind: 'messageThrowEvent',
      event: { type: 'message', messageName: null, correlationKey: null },
      job: { taskType: 'notify.send', retries: 3 },
    });
    expect(result.processes[0]?.elements['end']).toMatchObject({ kind: 'endEvent', job: { taskType: 'notify.send', retriesExpression: '2' } });
  });

  it('should give a message end event the job that sends it', async () => {
    // given
    // when
    const result = await compile('EndEvent.message.bpmn');

    // then
    expect(result.processes[0]?.elements['end']).toMatchObject({
      event: { type: 'message', correlationKey: null },
      job: { taskType: 'notify.send', retries: 3, headers: {} },
    });
  });

  it.each([
    ['EndEvent.error-without-code.bpmn', 'end', 'no error code'],
    ['EndEvent.message-without-type.bpmn', 'end', 'task type'],
    ['IntermediateCatchEvent.timer-cycle.bpmn', 'middle', 'timer cycle is not allowed'],
    ['IntermediateThrowEvent.message-without-type.bpmn', 'middle', 'task type'],
    ['StartEvent.message-in-sub-process.bpmn', 'subStart', 'inside a sub-process'],
    ['BoundaryEvent.error-non-interrupting.bpmn', 'boundary', 'always interrupts'],
    ['BoundaryEvent.timer-cycle-interrupting.bpmn', 'boundary', 'timer cycle is not allowed'],
    ['BoundaryEvent.message-without-correlation-key.bpmn', 'boundary', 'no correlation key'],
    ['Message.without-name.bpmn', 'middle', 'has no name'],
    ['Message.without-correlation-key.bpmn', 'middle', 'no correlation key'],
    ['Message.missing-reference.bpmn', 'middle', 'refers to no message'],
    ['Timer.bad-duration.bpmn', 'middle', 'not an ISO 8601 duration'],
    ['Timer.bad-cycle.bpmn', 'start', 'cron cycles are not supported'],
    ['Timer.bad-feel.bpmn', 'middle', 'not valid FEEL'],
  ])('should reject %s at element "%s"', async (file, elementId, reason) => {
    // given the fixture
    // when
    const result = await compile(file);

    // then
    expect(result.ok).toBe(false);
    expect(idsOf(result.errors)).toEqual([elementId]);
    expect(result.errors[0]?.message).toContain(reason);
  });
});
