import { describe, expect, it } from 'vitest';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms).toISOString(); // the fake clock starts there

describe('ProcessInstance history', () => {
  it('should record each element with its start, its end and who completed a user task', async () => {
    // given: a user task with a non-interrupting timer (R3/PT1S) that sends reminders
    const model = await loadModel('BoundaryEvent.user-task-timers.bpmn');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, {});
    // when
    await ports.advance(1_500);
    await ports.completeTask('review', { verdict: 'ok' });
    await outcome;
    // then
    const history = instance.snapshot().history;
    expect(history.find((entry) => entry.elementId === 'review')).toEqual({
      elementId: 'review',
      name: model.elements.review!.name,
      startedAt: at(0),
      endedAt: at(1_500),
      by: 'tester',
    });
    expect(history.filter((entry) => entry.elementId === 'reminder')).toEqual([
      { elementId: 'reminder', name: model.elements.reminder!.name, startedAt: at(1_000), endedAt: at(1_000) },
    ]);
    expect(history.every((entry) => entry.endedAt !== undefined)).toBe(true);
    expect(history.map((entry) => entry.elementId)).toEqual(['start', 'review', 'reminder', 'sendReminder', 'reminded', 'end']);
  });

  it('should move its version on with every step, so that a host knows when to write', async () => {
    // given
    const model = await loadModel('BoundaryEvent.user-task-timers.bpmn');
    const ports = new FakePorts();
    const { instance } = start(model, ports, {});
    await ports.advance(0);
    const waiting = instance.version;
    // when: nothing happens, then the reminder timer fires
    await ports.advance(500);
    const unchanged = instance.version;
    await ports.advance(600);
    // then
    expect(unchanged).toBe(waiting);
    expect(instance.version).toBeGreaterThan(waiting);
  });
});
