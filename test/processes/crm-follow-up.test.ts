import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually, inboxTask, instanceOf, useProcessRunner } from '../support/process-runner.js';

/** A reminder on the client card: crm.scheduleFollowUp starts crm-follow-up, its task goes to the client's owner. */
describe('crm-follow-up.bpmn', () => {
  const t = useProcessRunner('crm-follow-up-test', {
    owner: ['anna.sales', ['sales']],
    designer: ['dana.designer', ['designers', 'managers']],
  });

  it('should put a follow-up in the owner\'s inbox by the due date and log what they report on the card', async () => {
    // given: anna's client, a call already on the card, and a process that schedules the follow-up in two days
    const client = await readJson(await t.post('/api/crm/clients', t.as.owner!, { name: 'Hooli' }));
    const call = await readJson(await t.post(`/api/crm/clients/${client.id}/interactions`, t.as.owner!, { kind: 'call', summary: 'Wants a revised quote' }));
    const diagram = readFileSync(new URL('FollowUp.schedule.bpmn', import.meta.url), 'utf8');
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'after-the-call.bpmn', xml: diagram })).status).toBe(201);

    // when
    const before = Date.now();
    const started = await readJson(await t.post('/api/process-instances', t.as.owner!, { processKey: 'after-the-call', variables: { clientId: String(client.id), interactionId: call.id } }));
    const scheduled = await eventually(async () => {
      const instance = await instanceOf(t.api, t.as.designer!, started.instanceId);
      return instance.status === 'completed' ? instance : undefined;
    }, 'the follow-up to be scheduled', 30_000, () => instanceOf(t.api, t.as.designer!, started.instanceId));

    // then: the follow-up waits in anna's inbox, due in two days, with what it continues
    const followUp = scheduled.variables.followUp;
    expect(followUp).toMatchObject({ clientId: client.id, owner: 'anna.sales', subject: 'Send the revised quote', interactionId: call.id });
    const task = await inboxTask(t.api, t.as.owner!, followUp.instanceId, 'Task_followUp');
    expect(task).toMatchObject({ assignee: 'anna.sales', processKey: 'crm-follow-up', businessKey: `client-${client.id}` });
    const dueIn = new Date(task.dueAt ?? 0).getTime() - before;
    expect(dueIn).toBeGreaterThan(2 * 86_400_000 - 60_000);
    expect(dueIn).toBeLessThan(2 * 86_400_000 + 60_000);

    const onCard = await readJson(await t.api.app.request(`/api/crm/clients/${client.id}`, { headers: t.as.owner! }));
    expect(onCard.followUps).toEqual([{ taskId: task.id, instanceId: followUp.instanceId, subject: 'Send the revised quote', assignee: 'anna.sales', dueAt: task.dueAt, interactionId: call.id }]);

    // when: anna reports back through the form
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.owner!, { variables: { kind: 'email', summary: 'Sent the revised quote, 5 % off' } })).status).toBe(200);

    // then: the card shows the new interaction next to the call it continues
    const card = await eventually(async () => {
      const read = await readJson(await t.api.app.request(`/api/crm/clients/${client.id}`, { headers: t.as.owner! }));
      return read.interactions.length === 2 ? read : undefined;
    }, 'the interaction on the card');
    expect(card.followUps).toEqual([]);
    expect(card.interactions).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'email', summary: 'Sent the revised quote, 5 % off' }), expect.objectContaining({ id: call.id })]));
  }, 120_000);

  it('should schedule a follow-up from the client card through the API', async () => {
    // given
    const client = await readJson(await t.post('/api/crm/clients', t.as.owner!, { name: 'Pied Piper' }));
    // when
    const response = await t.post(`/api/crm/clients/${client.id}/follow-ups`, t.as.owner!, { subject: 'Demo the compression', in: 'PT4H' });
    const unknown = await t.post('/api/crm/clients/999999/follow-ups', t.as.owner!, { subject: 'Nobody', in: 'P1D' });
    const both = await t.post(`/api/crm/clients/${client.id}/follow-ups`, t.as.owner!, { subject: 'Twice', in: 'P1D', dueAt: '2030-01-01T00:00:00Z' });
    // then
    expect(response.status).toBe(201);
    expect(unknown.status).toBe(404);
    expect(both.status).toBe(400);
    const scheduled = await readJson(response);
    const task = await inboxTask(t.api, t.as.owner!, scheduled.instanceId, 'Task_followUp');
    expect(task).toMatchObject({ assignee: 'anna.sales', dueAt: scheduled.dueAt });
    const card = await readJson(await t.api.app.request(`/api/crm/clients/${client.id}`, { headers: t.as.owner! }));
    expect(card.followUps).toEqual([expect.objectContaining({ taskId: task.id, subject: 'Demo the compression' })]);
  }, 60_000);
});
