import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually, inboxTask, instanceOf, useProcessRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

interface Entry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

describe('the audit log (GET /api/audit)', () => {
  const t = useProcessRunner('audit-test', {
    admin: ['ada', ['admin']],
    designer: ['dan', ['designers']],
    sales: ['sue', ['sales']],
    colleague: ['sid', ['sales']],
    manager: ['max', ['managers']],
  });
  const audit = async (after = 0): Promise<Entry[]> => {
    const response = await t.api.app.request(`/api/audit?after=${after}`, { headers: t.as.admin! });
    expect(response.status).toBe(200);
    return readJson(response);
  };
  const patch = (path: string, body: unknown) => t.api.app.request(path, { method: 'PATCH', headers: t.as.admin!, body: JSON.stringify(body) });

  it('should record who changed users, deployed, started, delegated, completed, cancelled and retried, once each', async () => {
    // given: what setting up the world logged (the shipped processes, deployed by "system")
    const setup = await audit();
    expect(setup.every((entry) => entry.actor === 'system' && entry.action === 'deployment.created')).toBe(true);
    const since = setup.at(-1)?.id ?? 0;
    // when: an admin creates and changes a user, the same change twice
    expect((await t.post('/api/users', t.as.admin!, { username: 'ulla', name: 'Ulla', password: 'long-enough-1', groups: ['sales'] })).status).toBe(201);
    expect((await t.post('/api/users', t.as.admin!, { username: 'ulla', name: 'Ulla', password: 'long-enough-1', groups: ['sales'] })).status).toBe(409);
    expect((await patch('/api/users/ulla', { groups: ['sales', 'warehouse'] })).status).toBe(200);
    expect((await patch('/api/users/ulla', { groups: ['sales', 'warehouse'] })).status).toBe(200);
    // and a designer deploys a diagram, then the byte-identical diagram again
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'approval', xml: fixture('Inbox.approval.bpmn') })).status).toBe(201);
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'approval', xml: fixture('Inbox.approval.bpmn') })).status).toBe(201);
    // and sales starts a case, claims its task, hands it to a colleague, who completes it twice
    const started = await readJson(await t.post('/api/process-instances', t.as.sales!, { processKey: 'approval', businessKey: 'A-1' }));
    const task = await inboxTask(t.api, t.as.sales!, started.instanceId, 'Task_approve');
    expect((await t.post(`/api/tasks/${task.id}/claim`, t.as.sales!)).status).toBe(200);
    expect((await t.post(`/api/tasks/${task.id}/delegate`, t.as.sales!, { to: 'sid' })).status).toBe(200);
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.colleague!, { variables: { amount: 5 } })).status).toBe(200);
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.colleague!, { variables: { amount: 5 } })).status).toBe(409);
    // and a manager cancels the case (it waits for a message), and asks again
    await eventually(async () => ((await instanceOf(t.api, t.as.manager!, started.instanceId)).activeElements?.includes('Event_confirmed') ? true : undefined), 'waiting for the message');
    expect((await t.post(`/api/process-instances/${started.instanceId}/cancel`, t.as.manager!)).status).toBe(202);
    const again = await t.post(`/api/process-instances/${started.instanceId}/cancel`, t.as.manager!);
    expect([202, 409]).toContain(again.status);

    // then: one entry per action, in order, naming who and what
    const entries = await audit(since);
    expect(entries.map(({ actor, action, target }) => ({ actor, action, target }))).toEqual([
      { actor: 'ada', action: 'user.created', target: 'ulla' },
      { actor: 'ada', action: 'user.changed', target: 'ulla' },
      { actor: 'dan', action: 'deployment.created', target: expect.any(String) },
      { actor: 'sue', action: 'instance.started', target: started.instanceId },
      { actor: 'sue', action: 'task.delegated', target: task.id },
      { actor: 'sid', action: 'task.completed', target: task.id },
      { actor: 'max', action: 'instance.cancelled', target: started.instanceId },
    ]);
    expect(entries[1]!.details).toEqual({ groups: ['sales', 'warehouse'] });
    expect(entries[2]!.details).toEqual({ name: 'approval', processes: [{ key: 'approval', version: 1 }] });
    expect(entries[4]!.details).toMatchObject({ from: 'sue', to: 'sid' });
    expect(entries.map((entry) => entry.id)).toEqual([...entries.map((entry) => entry.id)].sort((a, b) => a - b));
    expect(Date.parse(entries[0]!.at)).toBeGreaterThan(Date.now() - 120_000);
    // and `after` pages on from the last id seen
    expect((await audit(entries[4]!.id)).map((entry) => entry.action)).toEqual(['task.completed', 'instance.cancelled']);
    const page = await readJson(await t.api.app.request(`/api/audit?after=${since}&limit=2`, { headers: t.as.admin! }));
    expect(page.map((entry: Entry) => entry.id)).toEqual([entries[0]!.id, entries[1]!.id]);
  });

  it('should record a retry of an incident once', async () => {
    // given: a case whose reservation fails for an order that does not exist
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'reserve', xml: fixture('Incident.reserve.bpmn') })).status).toBe(201);
    const started = await readJson(await t.post('/api/process-instances', t.as.sales!, { processKey: 'reserve-only', variables: { orderId: 999_999 } }));
    const incident = await eventually(async () => (await instanceOf(t.api, t.as.manager!, started.instanceId)).incidents?.[0], 'an incident', 30_000);
    const before = await audit();
    // when
    const retried = await t.post(`/api/process-instances/${started.instanceId}/retry`, t.as.manager!, { incidentId: incident.id });
    // then
    expect(retried.status).toBe(202);
    const added = await audit(before.at(-1)!.id);
    expect(added).toEqual([
      { id: expect.any(Number), at: expect.any(String), actor: 'max', action: 'instance.retried', target: started.instanceId, details: { incidentIds: [incident.id] } },
    ]);
  });

  it('should answer 403 to everyone but admins and 400 to a bad cursor', async () => {
    // when
    const manager = await t.api.app.request('/api/audit', { headers: t.as.manager! });
    const bad = await t.api.app.request('/api/audit?after=abc', { headers: t.as.admin! });
    // then
    expect(manager.status).toBe(403);
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).errors).toEqual([{ field: 'after', message: expect.any(String) }]);
  });
});
