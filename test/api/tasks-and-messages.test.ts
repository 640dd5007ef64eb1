import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSalesOrder } from '../../stores/erp/orders.js';
import { runOnce } from '../../stores/idempotency.js';
import { readJson } from '../support/api.js';
import { eventually, inboxTask, instanceOf, useProcessRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('task inbox, messages and incidents through the API', () => {
  const t = useProcessRunner('tasks-and-messages-test', {
    designer: ['dana', ['designers']],
    sam: ['sam', ['sales']],
    sara: ['sara', ['sales']],
    wes: ['wes', ['warehouse']],
    mia: ['mia', ['managers']],
  });
  beforeAll(async () => {
    for (const name of ['Inbox.approval.bpmn', 'Message.start.bpmn', 'Incident.reserve.bpmn', 'Warning.feel-condition.bpmn']) {
      const deployed = await t.post('/api/deployments', t.as.designer!, { name, xml: fixture(name) });
      expect(deployed.status, name).toBe(201);
    }
  });

  const inbox = async (headers: Record<string, string>, filter: string) =>
    ((await readJson(await t.api.app.request(`/api/tasks?filter=${filter}`, { headers }))) as Array<{ id: string }>).map((task) => task.id);
  const start = async (processKey: string, variables: object, headers = t.as.sam!) =>
    (await readJson(await t.post('/api/process-instances', headers, { processKey, variables }))).instanceId as string;
  const statusOf = (instanceId: string, status: string) =>
    eventually(async () => {
      const instance = await instanceOf(t.api, t.as.mia!, instanceId);
      return instance.status === status ? instance : undefined;
    }, `status ${status}`, 30_000, () => instanceOf(t.api, t.as.mia!, instanceId));

  it('should show a task to its candidate group, let one candidate claim it and keep others out', async () => {
    // given
    const instanceId = await start('approval', { orderRef: 'PO-1' });
    const task = await inboxTask(t.api, t.as.sam!, instanceId, 'Task_approve');
    // then: claimable by sales, invisible to the warehouse
    expect(task).toMatchObject({ name: 'Approve order', assignee: null, candidateGroups: ['sales'], breached: false, processKey: 'approval' });
    expect(task.dueAt).toMatch(/^\d{4}-/);
    expect(await inbox(t.as.sara!, 'group')).toContain(task.id);
    expect(await inbox(t.as.wes!, 'all')).not.toContain(task.id);

    // when: sam claims it
    expect((await t.post(`/api/tasks/${task.id}/claim`, t.as.sam!)).status).toBe(200);
    // then: it is sam's, no longer claimable, and sara can neither claim, give back nor complete it
    expect(await inbox(t.as.sam!, 'mine')).toContain(task.id);
    expect(await inbox(t.as.sara!, 'group')).not.toContain(task.id);
    expect((await t.post(`/api/tasks/${task.id}/claim`, t.as.sara!)).status).toBe(409);
    expect((await t.post(`/api/tasks/${task.id}/unclaim`, t.as.sara!)).status).toBe(403);
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.sara!, { variables: { amount: 5 } })).status).toBe(403);
    // the warehouse is no candidate: it may not even read the task (issue 9)
    expect((await t.post(`/api/tasks/${task.id}/claim`, t.as.wes!)).status).toBe(403);
    const owners = await readJson(await t.api.app.request(`/api/process-instances/${instanceId}/owners`, { headers: t.as.mia! }));
    expect(owners).toEqual([{ elementId: 'Task_approve', name: 'Approve order', taskId: task.id, assignee: 'sam', candidateGroups: ['sales'], candidateUsers: [], dueAt: task.dueAt }]);

    // when: sam gives it back
    expect((await t.post(`/api/tasks/${task.id}/unclaim`, t.as.sam!)).status).toBe(200);
    // then
    expect(await inbox(t.as.sara!, 'group')).toContain(task.id);
  });

  it('should refuse what the form refuses, complete once, and then wait for the message', async () => {
    // given
    const instanceId = await start('approval', { orderRef: 'PO-2' });
    const task = await inboxTask(t.api, t.as.sam!, instanceId, 'Task_approve');
    // when
    const refused = await t.post(`/api/tasks/${task.id}/complete`, t.as.sam!, { variables: { amount: 0 } });
    const done = await t.post(`/api/tasks/${task.id}/complete`, t.as.sam!, { variables: { amount: 42 } });
    const again = await t.post(`/api/tasks/${task.id}/complete`, t.as.sam!, { variables: { amount: 42 } });
    // then
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).errors).toEqual([{ field: 'amount', message: 'Amount must be at least 1' }]);
    expect(done.status).toBe(200);
    expect(await readJson(done)).toMatchObject({ id: task.id, state: 'completed', completedBy: 'sam' });
    expect(again.status).toBe(409);
    expect((await readJson(await t.api.app.request(`/api/tasks/${task.id}`, { headers: t.as.sam! }))).state).toBe('completed');

    // when: nobody waits for PO-3; PO-2 is correlated once the wait is armed
    const unknown = await t.post('/api/messages', t.as.sam!, { name: 'confirmed', correlationKey: 'PO-3' });
    const correlated = await eventually(async () => {
      const response = await t.post('/api/messages', t.as.sam!, { name: 'confirmed', correlationKey: 'PO-2', variables: { confirmedBy: 'client' } });
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
    const response = await t.post('/api/messages', t.as.sam!, { name: 'order-placed', correlationKey: 'PO-9', variables: { orderRef: 'PO-9' } });
    // then
    const body = await readJson(response);
    expect(response.status).toBe(200);
    expect(body.started).toHaveLength(1);
    const task = await inboxTask(t.api, t.as.wes!, body.started[0], 'Task_review');
    expect(task).toMatchObject({ processKey: 'order-placed', businessKey: 'PO-9', candidateGroups: ['warehouse'] });
  });

  it('should open an incident on an uncaught BPMN error and run the step again on retry', async () => {
    // given: an order for 3 widgets with none in stock
    for (const [path, body] of [
      ['/api/erp/warehouses', { code: 'MAIN', name: 'Main' }],
      ['/api/erp/products', { sku: 'GIZ-1', name: 'Gizmo', price: 10, standardCost: 4 }],
    ] as const) {
      expect((await t.post(path, t.as.wes!, body)).status).toBe(201);
    }
    const order = await runOnce(t.db.pool, 'erp', { key: 'test:order', operation: 'test.order', request: {} }, (client, effect) =>
      createSalesOrder(client, effect, { clientId: 1, creditLimit: null, lines: [{ sku: 'GIZ-1', qty: 3 }] }),
    );
    const instanceId = await start('reserve-only', { orderId: order.id });

    // when
    const incident = await statusOf(instanceId, 'incident');
    const tooEarlyForSales = await t.post(`/api/process-instances/${instanceId}/retry`, t.as.sam!);
    expect((await t.post('/api/erp/stock/receipts', t.as.wes!, { sku: 'GIZ-1', warehouse: 'MAIN', qty: 5 })).status).toBe(201);
    const retried = await t.post(`/api/process-instances/${instanceId}/retry`, t.as.mia!);

    // then
    expect(incident.incident).toMatchObject({ elementId: 'Task_reserve' });
    expect(incident.incident.message).toMatch(/short by 3/);
    expect(tooEarlyForSales.status).toBe(403);
    expect(retried.status).toBe(202);
    const completed = await statusOf(instanceId, 'completed');
    expect(completed.variables.reservation).toMatchObject({ orderId: order.id });
    expect((await t.post(`/api/process-instances/${instanceId}/retry`, t.as.mia!)).status).toBe(409);
  });

  it('should let a manager cancel a running instance, closing its open task', async () => {
    // given
    const instanceId = await start('approval', { orderRef: 'PO-4' });
    const task = await inboxTask(t.api, t.as.sam!, instanceId, 'Task_approve');
    // when
    const bySales = await t.post(`/api/process-instances/${instanceId}/cancel`, t.as.sam!);
    const byManager = await t.post(`/api/process-instances/${instanceId}/cancel`, t.as.mia!);
    // then
    expect(bySales.status).toBe(403);
    expect(byManager.status).toBe(202);
    await statusOf(instanceId, 'cancelled');
    const closed = await eventually(async () => {
      const current = await readJson(await t.api.app.request(`/api/tasks/${task.id}`, { headers: t.as.sam! }));
      return current.state === 'cancelled' ? current : undefined;
    }, 'the task to be cancelled');
    expect(closed.state).toBe('cancelled');
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.sam!, { variables: { amount: 1 } })).status).toBe(409);
  });

  it('should show notify.send notifications to their recipients only, newest first', async () => {
    // given: hello greets whoever `to` names (a user or a group)
    const toGroup = await start('hello', { to: 'sales', name: 'team' });
    const toMia = await start('hello', { to: 'mia', name: 'Mia' });
    await statusOf(toGroup, 'completed');
    await statusOf(toMia, 'completed');
    // when
    const forSam = await readJson(await t.api.app.request('/api/notifications', { headers: t.as.sam! }));
    const forMia = await readJson(await t.api.app.request('/api/notifications', { headers: t.as.mia! }));
    const forWes = await readJson(await t.api.app.request('/api/notifications', { headers: t.as.wes! }));
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
    const response = await t.post('/api/process-instances', t.as.sam!, { processKey: 'approval', variables: { blob: 'x'.repeat(300 * 1024) } });
    // then
    expect(response.status).toBe(422);
    expect(await readJson(response)).toMatchObject({ errors: [{ field: 'variables' }] });
  });
});
