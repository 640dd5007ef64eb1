import { describe, expect, it } from 'vitest';
import { FakePorts, loadModel, start } from './support/fake-ports.js';

describe('SignalEvent', () => {
  it('should wait at a signal catch and on a signal boundary event until each signal is broadcast', async () => {
    // given
    const model = await loadModel('SignalEvent.broadcast.bpmn', 'signalWaiter');
    const ports = new FakePorts();
    const { instance, outcome } = start(model, ports, {});
    await ports.advance(0);
    expect(ports.openSignalSubscriptions().sort((a, b) => a.elementId.localeCompare(b.elementId))).toEqual([
      { elementId: 'stockArrived', signalName: 'stock-arrived' },
      { elementId: 'stopped', signalName: 'stop-all' },
    ]);
    // when
    await ports.signal('stock-arrived', { batch: 7 });
    await ports.signal('stop-all');
    // then
    expect(await outcome).toEqual({ kind: 'completed', variables: { batch: 7 } });
    expect(instance.snapshot().completedElements).toEqual(['start', 'fork', 'stockArrived', 'arrivedEnd', 'stopped', 'stoppedEnd']);
    expect(ports.openTasks()).toEqual([]);
  });

  it('should broadcast from a throw event with its input mappings, and from an end event with nothing', async () => {
    // given
    const model = await loadModel('SignalEvent.broadcast.bpmn', 'signalThrower');
    const ports = new FakePorts();
    // when
    const { outcome } = start(model, ports, { batch: 3, secret: 'not sent' });
    // then
    expect(await outcome).toMatchObject({ kind: 'completed' });
    expect(ports.broadcasts).toEqual([
      { elementId: 'announce', loopCounter: 1, signalName: 'stock-arrived', variables: { batch: 3 } },
      { elementId: 'stopEverything', loopCounter: 1, signalName: 'stop-all', variables: {} },
    ]);
  });
});
