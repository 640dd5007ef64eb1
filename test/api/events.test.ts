import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSalesOrder } from '../../stores/erp/orders.js';
import { runOnce } from '../../stores/idempotency.js';
import { EVENT_KINDS } from '../../stores/bpm/events.js';
import { readJson } from '../support/api.js';
import { eventually, useProcessRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

interface StreamedEvent {
  id: number;
  kind: string;
  instanceId: string;
  taskId?: string;
}

/** Follows /api/events/stream like an integration would: fetch with the Authorization header, SSE frames. */
function follow(app: { request(path: string, init: RequestInit): Response | Promise<Response> }, headers: Record<string, string>, lastEventId?: number, path = '/api/events/stream') {
  const received: StreamedEvent[] = [];
  const ids: string[] = [];
  const controller = new AbortController();
  const done = (async () => {
    const response = await app.request(path, {
      headers: { authorization: headers.authorization!, ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }) },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    controller.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
    let buffer = '';
    for (;;) {
      const { value, done: ended } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (ended) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').find((line) => line.startsWith('data:'));
        const id = frame.split('\n').find((line) => line.startsWith('id:'));
        if (data) {
          received.push(JSON.parse(data.slice(5).trim()) as StreamedEvent);
          ids.push(id?.slice(3).trim() ?? '');
        }
      }
    }
  })();
  return {
    received,
    ids,
    until: (what: string, holds: (events: StreamedEvent[]) => boolean) => eventually(async () => (holds(received) ? received : undefined), what, 30_000, async () => received),
    async disconnect() {
      controller.abort();
      await done;
    },
  };
}

describe('events for integrations: the outbox, its stream, resumed after a disconnect', () => {
  const t = useProcessRunner('events-test', {
    designer: ['dana', ['designers']],
    sam: ['sam', ['sales']],
    sara: ['sara', ['sales']],
    wes: ['wes', ['warehouse']],
    mia: ['mia', ['managers']],
    hook: ['hook', ['integrations']],
  });
  beforeAll(async () => {
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'Events.case.bpmn', xml: fixture('Events.case.bpmn') })).status).toBe(201);
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'Sla.deadline.bpmn', xml: fixture('Sla.deadline.bpmn') })).status).toBe(201);
    expect((await t.post('/api/erp/warehouses', t.as.wes!, { code: 'MAIN', name: 'Main' })).status).toBe(201);
    expect((await t.post('/api/erp/products', t.as.wes!, { sku: 'EVT-1', name: 'Evented', price: 10, standardCost: 4 })).status).toBe(201);
  });

  const start = async (processKey: string, variables: object) => (await readJson(await t.post('/api/process-instances', t.as.sam!, { processKey, variables }))).instanceId as string;
  const kindsOf = (events: StreamedEvent[], instanceId: string) => events.filter((event) => event.instanceId === instanceId).map((event) => event.kind);
  const has = (instanceId: string, kind: string) => (events: StreamedEvent[]) => kindsOf(events, instanceId).includes(kind);

  it('should stream every kind once, in order, while a case runs, and resume after a disconnect without losing or repeating one', async () => {
    // given: an integration following the stream from the start
    let stream = follow(t.api.app, t.as.hook!, 0);
    const order = await runOnce(t.db.pool, 'erp', { key: 'test:events-order', operation: 'test.order', request: {} }, (client, effect) =>
      createSalesOrder(client, effect, { clientId: 1, creditLimit: null, lines: [{ sku: 'EVT-1', qty: 2 }] }),
    );

    // when: a case whose review is past due at once, handled by several people
    const caseId = await start('eventsCase', { orderId: order.id });
    await stream.until('the breach', has(caseId, 'task.breached'));
    const review = stream.received.find((event) => event.instanceId === caseId && event.kind === 'task.created')!.taskId!;
    expect((await t.post(`/api/tasks/${review}/claim`, t.as.sam!)).status).toBe(200);
    expect((await t.post(`/api/tasks/${review}/unclaim`, t.as.sam!)).status).toBe(200);
    await stream.until('the unclaim', has(caseId, 'task.unclaimed'));
    // the integration drops off, and the case goes on meanwhile
    await stream.disconnect();
    const beforeDrop = [...stream.received];
    expect((await t.post(`/api/tasks/${review}/delegate`, t.as.mia!, { to: 'sara' })).status).toBe(200);
    expect((await t.post(`/api/tasks/${review}/comments`, t.as.sara!, { text: 'Lines match.' })).status).toBe(201);
    expect((await t.post(`/api/tasks/${review}/complete`, t.as.sara!, {})).status).toBe(200);
    // then it comes back where it left off
    stream = follow(t.api.app, t.as.hook!, beforeDrop.at(-1)!.id);
    await stream.until('the incident', has(caseId, 'incident.opened'));
    expect((await t.post('/api/erp/stock/receipts', t.as.wes!, { sku: 'EVT-1', warehouse: 'MAIN', qty: 5 })).status).toBe(201);
    expect((await t.post(`/api/process-instances/${caseId}/retry`, t.as.mia!)).status).toBe(202);
    await stream.until('the case to complete', has(caseId, 'instance.completed'));
    // and a second case, cancelled with its task open
    const cancelledId = await start('slaDeadline', { dueIn: 'PT1H' });
    await stream.until('its task', has(cancelledId, 'task.created'));
    expect((await t.post(`/api/process-instances/${cancelledId}/cancel`, t.as.mia!)).status).toBe(202);
    await stream.until('the cancellation', has(cancelledId, 'instance.cancelled'));
    await stream.disconnect();

    // then: in order, each once, nothing lost or repeated across the disconnect
    const seen = [...beforeDrop, ...stream.received];
    expect(kindsOf(seen, caseId)).toEqual([
      'instance.started',
      'task.created',
      'task.breached',
      'task.claimed',
      'task.unclaimed',
      'task.delegated',
      'task.commented',
      'task.completed',
      'incident.opened',
      'incident.resolved',
      'instance.completed',
    ]);
    expect(kindsOf(seen, cancelledId)).toEqual(['instance.started', 'task.created', 'task.cancelled', 'instance.cancelled']);
    expect(new Set(seen.map((event) => event.kind))).toEqual(new Set(EVENT_KINDS));
    const ids = seen.map((event) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...stream.ids]).toEqual(stream.received.map((event) => String(event.id)));
    // the stream is exactly what GET /api/events gives a reader that pages with after=
    const listed = (await readJson(await t.api.app.request(`/api/events?after=0&limit=1000`, { headers: t.as.hook! }))) as StreamedEvent[];
    expect(listed.filter((event) => event.id <= ids.at(-1)!).map((event) => event.id)).toEqual(ids);
    expect(seen.find((event) => event.kind === 'task.delegated')).toMatchObject({ taskId: review, by: 'mia', from: null, to: 'sara' });
  });

  it('should keep events to managers, admins and integrations, with no token in the URL', async () => {
    // then
    expect((await t.api.app.request('/api/events', { headers: t.as.sam! })).status).toBe(403);
    expect((await t.api.app.request('/api/events/stream', { headers: t.as.sam! })).status).toBe(403);
    expect((await t.api.app.request('/api/events?after=0', { headers: t.as.mia! })).status).toBe(200);
    expect((await t.api.app.request(`/api/events/stream?access_token=${t.as.hook!.authorization!.slice(7)}`)).status).toBe(401);
    expect((await t.api.app.request('/api/events?after=x', { headers: t.as.hook! })).status).toBe(400);
    expect((await t.api.app.request('/api/events/stream', { headers: { ...t.as.hook!, 'last-event-id': 'abc' } })).status).toBe(400);
  });
  it("should stream to every employee the events of the tasks they may read, and no one else's", async () => {
    // given: a sales and a warehouse employee following their own task events from now
    const sales = follow(t.api.app, t.as.sam!, undefined, '/api/me/task-events/stream');
    const warehouse = follow(t.api.app, t.as.wes!, undefined, '/api/me/task-events/stream');
    // when: a case offers a task to sales, and sam claims it
    const caseId = await start('slaDeadline', { dueIn: 'P1D' });
    await sales.until('the sales task', has(caseId, 'task.created'));
    const taskId = sales.received.find((event) => event.instanceId === caseId)!.taskId!;
    expect((await t.post(`/api/tasks/${taskId}/claim`, t.as.sam!)).status).toBe(200);
    await sales.until('the claim', has(caseId, 'task.claimed'));
    await sales.disconnect();
    await warehouse.disconnect();
    // then: only task events, only sam's, in order; the warehouse saw none of them
    expect(kindsOf(sales.received, caseId)).toEqual(['task.created', 'task.claimed']);
    expect(sales.received.every((event) => event.kind.startsWith('task.'))).toBe(true);
    expect(sales.ids).toEqual(sales.received.map((event) => String(event.id)));
    expect(kindsOf(warehouse.received, caseId)).toEqual([]);
  });
});
