import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesOrder } from '../../stores/erp/orders.js';
import { runOnce } from '../../stores/idempotency.js';
import { readJson, type TestApi } from '../support/api.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { eventually, inboxTask, instanceOf, processRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('task inbox, messages and incidents through the API', () => {
  let db: TestDatabase;
  let runner: Awaited<ReturnType<typeof processRunner>>;
  let api: TestApi;
  const as: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    db = await freshDatabase();
    runner = await processRunner(db.pool, 'tasks-and-messages-test');
    api = runner.api;
    as.designer = await api.as('dana', ['designers']);
    as.sam = await api.as('sam', ['sales']);
    as.sara = await api.as('sara', ['sales']);
    as.wes = await api.as('wes', ['warehouse']);
    as.mia = await api.as('mia', ['managers']);
    for (const name of ['Inbox.approval.bpmn', 'Message.start.bpmn', 'Incident.reserve.bpmn', 'Warning.feel-condition.bpmn']) {
      const deployed = await api.app.request('/api/deployments', { method: 'POST', headers: as.designer, body: JSON.stringify({ name, xml: fixture(name) }) });
      expect(deployed.status, name).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await runner.stop();
    await db.drop();
  });

  const post = (path: string, headers: Record<string, string>, body: unknown = {}) =>
    api.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
  const inbox = async (headers: Record<string, string>, filter: string) =>
    ((await readJson(await api.app.request(`/api/tasks?filter=${filter}`, { headers }))) as Array<{ id: string }>).map((task) => task.id);
  const start = async (processKey: string, variables: object, headers = as.sam!) =>
    (await readJson(await post('/api/process-instances', headers, { processKey, variables }))).instanceId as string;
  const statusOf = (instanceId: string, status: string) =>
    eventually(async () => {
      const instance = await instanceOf(api, as.mia!, instanceId);
      return instance.status === status ? instance : undefined;
    }, `status ${status}`, 30_000, () => instanceOf(api, as.mia!, instanceId));

  it('should show a task to its candidate group, let one candidate claim it and keep others out', async () => {
    // given
    const instanceId = await start('approval', { orderRef: 'PO-1' });
    const task = await inboxTask(api, as.sam!, instanceId, 'Task_approve');
    // then: claimable by sales, invisible to the warehouse
    expect(task).toMatchObject({ name: 'Approve order', assignee: null, candidateGroups: ['sales'], breached: false, processKey: 'approval' });
    expect(task.dueAt).toMatch(/^\d{4}-/);
    expect(await inbox(as.sara!, 'group')).toContain(task.id);
    expect(await inbox(as.wes!, 'all')).not.toContain(task.id);

    // when: sam claims it
    expect((await post(`/api/tasks/${task.id}/claim`, as.sam!)).status).toBe(200);
    // then: it is sam's, no longer claimable, and sara can neither claim, give back nor complete it
    expect(await inbox(as.sam!, 'mine')).toContain(task.id);
    expect(await inbox(as.sara!, 'group')).not.toContain(task.id);
    expect((await post(`/api/tasks/${task.id}/claim`, as.sara!)).status).toBe(409);
    expect((await post(`/api/tasks/${task.id}/unclaim`, as.sara!)).status).toBe(403);
    expect((await post(`/api/tasks/${task.id}/complete`, as.sara!, { variables: { amount: 5 } })).status).toBe(403);
    expect((await post(`/api/tasks/${task.id}/claim`, as.wes!)).status).toBe(409);
    const owners = await readJson(await api.app.request(`/api/process-instances/${instanceId}/owners`, { headers: as.mia! }));
    expect(owners).toEqual([{ elementId: 'Task_approve', name: 'Approve order', taskId: task.id, assignee: 'sam', candidateGroups: ['sales'], candidateUsers: [], dueAt: task.dueAt }]);

    // when: sam gives it back
    expect((await post(`/api/tasks/${task.id}/unclaim`, as.sam!)).status).toBe(200);
    // then
    expect(await inbox(as.sara!, 'group')).toContain(task.id);
  });

  it('should refuse what the form refuses, complete once, and then wait for the message', async () => {
    // given
    const instanceId = await start('approval', { orderRef: 'PO-2' });
    const task = await inboxTask(api, as.sam!, instanceId, 'Task_approve');
    // when
    const refused = await post(`/api/tasks/${task.id}/complete`, as.sam!, { variables: { amount: 0 } });
    const done = await post(`/api/tasks/${task.id}/complete`, as.sam!, { variables: { amount: 42 } });
    const again = await post(`/api/tasks/${task.id}/complete`, as.sam!, { variables: { amount: 42 } });
    // then
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).errors).toEqual([{ field: 'amount', message: 'Amount must be at least 1' }]);
    expect(done.status).toBe(200);
    expect(await readJson(done)).toMatchObject({ id: task.id, state: 'completed', completedBy: 'sam' });
    expect(again.status).toBe(409);
    expect((await readJson(await api.app.request(`/api/tasks/${task.id}`, { headers: as.sam! }))).state).toBe('completed');

    // when: nobody waits for PO-3; PO-2 is correlated once the wait is armed
    const unknown = await post('/api/messages', as.sam!, { name: 'confirmed', correlationKey: 'PO-3' });
    const correlated = await eventually(async () => {
      const response = await post('/api/messages', as.sam!, { name: 'confirmed', correlationKey: 'PO-2', variables: { confirmedBy: 'client' } });
      return response.status === 404 ? undefined : readJson(response);
    }, 'the message to correlate');
    // then
    expect(unknown.status).toBe(404);
    expect(correlated).toEqual({ correlated: 1 });
    const completed = await statusOf(instanceId, 'completed');
    expect(completed.completedElements).toEqual(['Start', 'Task_approve', 'Event_confirmed', 'End']);
    expect(completed.variables).toMatchObject({ orderRef: 'PO-2', amount: 42, confirmedBy: 'client' });
  });

  it('should start a new instance on a message start event', async () => {
    // when
    const response = await post('/api/messages', as.sam!, { name: 'order-placed', correlationKey: 'PO-9', variables: { orderRef: 'PO-9' } });
    // then
    const body = await readJson(response);
    expect(response.status).toBe(200);
    expect(body.started).toHaveLength(1);
    const task = await inboxTask(api, as.wes!, body.started[0], 'Task_review');
    expect(task).toMatchObject({ processKey: 'order-placed', businessKey: 'PO-9', candidateGroups: ['warehouse'] });
  });

  it('should open an incident on an uncaught BPMN error and run the step again on retry', async () => {
    // given: an order for 3 widgets with none in stock
    for (const [path, body] of [
      ['/api/erp/warehouses', { code: 'MAIN', name: 'Main' }],
      ['/api/erp/products', { sku: 'GIZ-1', name: 'Gizmo', price: 10, standardCost: 4 }],
    ] as const) {
      expect((await post(path, as.wes!, body)).status).toBe(201);
    }
    const order = await runOnce(db.pool, 'erp', { key: 'test:order', operation: 'test.order', request: {} }, (client, effect) =>
      createSalesOrder(client, effect, { clientId: 1, creditLimit: null, lines: [{ sku: 'GIZ-1', qty: 3 }] }),
    );
    const instanceId = await start('reserve-only', { orderId: order.id });

    // when
    const incident = await statusOf(instanceId, 'incident');
    const tooEarlyForSales = await post(`/api/process-instances/${instanceId}/retry`, as.sam!);
    expect((await post('/api/erp/stock/receipts', as.wes!, { sku: 'GIZ-1', warehouse: 'MAIN', qty: 5 })).status).toBe(201);
    const retried = await post(`/api/process-instances/${instanceId}/retry`, as.mia!);

    // then
    expect(incident.incident).toMatchObject({ elementId: 'Task_reserve' });
    expect(incident.incident.message).toMatch(/short by 3/);
    expect(tooEarlyForSales.status).toBe(403);
    expect(retried.status).toBe(202);
    const completed = await statusOf(instanceId, 'completed');
    expect(completed.variables.reservation).toMatchObject({ orderId: order.id });
    expect((await post(`/api/process-instances/${instanceId}/retry`, as.mia!)).status).toBe(409);
  });

  it('should let a manager cancel a running instance, closing its open task', async () => {
    // given
    const instanceId = await start('approval', { orderRef: 'PO-4' });
    const task = await inboxTask(api, as.sam!, instanceId, 'Task_approve');
    // when
    const bySales = await post(`/api/process-instances/${instanceId}/cancel`, as.sam!);
    const byManager = await post(`/api/process-instances/${instanceId}/cancel`, as.mia!);
    // then
    expect(bySales.status).toBe(403);
    expect(byManager.status).toBe(202);
    await statusOf(instanceId, 'cancelled');
    const closed = await eventually(async () => {
      const current = await readJson(await api.app.request(`/api/tasks/${task.id}`, { headers: as.sam! }));
      return current.state === 'cancelled' ? current : undefined;
    }, 'the task to be cancelled');
    expect(closed.state).toBe('cancelled');
    expect((await post(`/api/tasks/${task.id}/complete`, as.sam!, { variables: { amount: 1 } })).status).toBe(409);
  });

  it('should show notify.send notifications to their recipients only, newest first', async () => {
    // given: hello greets whoever `to` names (a user or a group)
    const toGroup = await start('hello', { to: 'sales', name: 'team' });
    const toMia = await start('hello', { to: 'mia', name: 'Mia' });
    await statusOf(toGroup, 'completed');
    await statusOf(toMia, 'completed');
    // when
    const forSam = await readJson(await api.app.request('/api/notifications', { headers: as.sam! }));
    const forMia = await readJson(await api.app.request('/api/notifications', { headers: as.mia! }));
    const forWes = await readJson(await api.app.request('/api/notifications', { headers: as.wes! }));
    // then
    expect(forSam).toEqual([expect.objectContaining({ to: 'sales', subject: 'Hello', body: 'Hello, team!', instanceId: toGroup })]);
    expect(forMia).toEqual([expect.objectContaining({ to: 'mia', body: 'Hello, Mia!', instanceId: toMia })]);
    expect(forWes).toEqual([]);
  });

  it('should count a FEEL condition that fails at run time as false and show why on the instance', async () => {
    // when: `amount > 10` cannot be evaluated without an amount
    const broken = await start('feel-warning', { customer: 'Initech' });
    const fine = await start('feel-warning', { amount: 50 });
    // then
    const tookDefault = await statusOf(broken, 'completed');
    expect(tookDefault.completedElements).toEqual(['Start', 'Gateway_size', 'End_small']);
    expect(tookDefault.warnings).toEqual([{ elementId: 'Gateway_size', message: expect.stringContaining("Variable 'amount' not found") }]);
    const tookCondition = await statusOf(fine, 'completed');
    expect(tookCondition.completedElements).toEqual(['Start', 'Gateway_size', 'End_big']);
    expect(tookCondition.warnings).toEqual([]);
  });

  it('should refuse variables over the size limit with a clear problem', async () => {
    // when
    const response = await post('/api/process-instances', as.sam!, { processKey: 'approval', variables: { blob: 'x'.repeat(300 * 1024) } });
    // then
    expect(response.status).toBe(422);
    expect(await readJson(response)).toMatchObject({ errors: [{ field: 'variables' }] });
  });
});
