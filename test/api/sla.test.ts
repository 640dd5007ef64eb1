import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InboxTask } from '../../stores/bpm/tasks.js';
import { readJson } from '../support/api.js';
import { eventually, useProcessRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('SLA: deadlines, breaches, notifications and escalation, through the API', () => {
  const t = useProcessRunner('sla-test', {
    designer: ['dana', ['designers']],
    sam: ['sam', ['sales']],
    mia: ['mia', ['managers']],
    wes: ['wes', ['warehouse']],
  });
  beforeAll(async () => {
    const deployed = await t.post('/api/deployments', t.as.designer!, { name: 'Sla.deadline.bpmn', xml: fixture('Sla.deadline.bpmn') });
    expect(deployed.status).toBe(201);
  });

  const get = async (path: string, headers = t.as.mia!) => readJson(await t.api.app.request(path, { headers }));
  const start = async (variables: object) => (await readJson(await t.post('/api/process-instances', t.as.sam!, { processKey: 'slaDeadline', variables }))).instanceId as string;
  const openTask = (instanceId: string, elementId: string, headers = t.as.sam!) =>
    eventually(async () => ((await get('/api/tasks?filter=all', headers)) as InboxTask[]).find((task) => task.instanceId === instanceId && task.elementId === elementId), `${elementId} open`);
  const breachOf = (taskId: string, open = true) =>
    eventually(
      async () => ((await get(`/api/sla/breaches?processKey=slaDeadline&open=${open}`)) as Array<{ taskId: string; dueAt: string; breachedAt: string; completedAt?: string; latenessSeconds?: number }>).find((b) => b.taskId === taskId),
      `breach of ${taskId}`,
    );

  it('should record the breach at the due time, notify the owner and the managers, and close it with its lateness on completion', async () => {
    // given: a deadline three seconds away
    const instanceId = await start({ dueIn: 'PT3S' });
    const task = await openTask(instanceId, 'Task_answer');
    expect(task.breached).toBe(false);
    expect(await get(`/api/sla/breaches?processKey=slaDeadline`)).not.toContainEqual(expect.objectContaining({ taskId: task.id }));
    // when: the due time passes
    const breach = await breachOf(task.id);
    // then: recorded at the due time by the process's own timer (breachedAt is the
    // workflow's clock when the timer fired; the bound only allows for a loaded server
    // picking the timer's workflow task up late, not for a poller or a later step)
    const lag = Date.parse(breach.breachedAt) - Date.parse(breach.dueAt);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(5000);
    expect(breach).toMatchObject({ elementId: 'Task_answer', name: 'Answer the complaint', instanceId, candidateGroups: ['sales'] });
    expect((await get(`/api/tasks/${task.id}`, t.as.sam!)).breached).toBe(true);
    const toSales = ((await get('/api/notifications', t.as.sam!)) as Array<{ kind: string; taskId: string; to: string; read: boolean; id: number }>).filter((n) => n.taskId === task.id);
    const toManagers = ((await get('/api/notifications', t.as.mia!)) as Array<{ kind: string; taskId: string; to: string }>).filter((n) => n.taskId === task.id);
    expect(toSales).toEqual([expect.objectContaining({ kind: 'sla.breached', to: 'sales', read: false })]);
    expect(toManagers).toEqual([expect.objectContaining({ kind: 'sla.breached', to: 'managers' })]);
    expect(((await get('/api/notifications', t.as.wes!)) as Array<{ taskId: string }>).filter((n) => n.taskId === task.id)).toEqual([]);
    // the notification is read per person
    expect((await t.post(`/api/notifications/${toSales[0]!.id}/read`, t.as.sam!)).status).toBe(204);
    expect(((await get('/api/notifications', t.as.sam!)) as Array<{ id: number; read: boolean }>).find((n) => n.id === toSales[0]!.id)!.read).toBe(true);
    expect((await t.post(`/api/notifications/${toSales[0]!.id}/read`, t.as.wes!)).status).toBe(404);
    // the summary and the owners view count it
    const step = ((await get('/api/sla/summary?processKey=slaDeadline')) as Array<{ elementId: string; breached: number; open: number }>).find((s) => s.elementId === 'Task_answer')!;
    expect(step.breached).toBeGreaterThanOrEqual(1);
    const salesGroup = ((await get('/api/sla/owners?processKey=slaDeadline')) as Array<{ owner: string; kind: string; breached: number }>).find((o) => o.owner === 'sales' && o.kind === 'group')!;
    expect(salesGroup.breached).toBeGreaterThanOrEqual(1);

    // when: sam completes it late
    expect((await t.post(`/api/tasks/${task.id}/claim`, t.as.sam!)).status).toBe(200);
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.sam!, {})).status).toBe(200);
    // then: the breach is closed with its lateness
    const closed = await breachOf(task.id, false);
    expect(closed.completedAt).toBeDefined();
    expect(closed.latenessSeconds).toBeCloseTo((Date.parse(closed.completedAt!) - Date.parse(closed.dueAt)) / 1000, 1);
    expect(closed.latenessSeconds).toBeGreaterThan(0);
    const completedStep = ((await get('/api/sla/summary?processKey=slaDeadline')) as Array<{ elementId: string; completed: number; onTimeRate: number; p50Seconds: number }>).find(
      (s) => s.elementId === 'Task_answer',
    )!;
    expect(completedStep.completed).toBeGreaterThanOrEqual(1);
    expect(completedStep.onTimeRate).toBe(0);
    expect(completedStep.p50Seconds).toBeGreaterThan(2);
    const samRow = ((await get('/api/sla/owners?processKey=slaDeadline')) as Array<{ owner: string; kind: string; completed: number; onTimeRate: number }>).find((o) => o.owner === 'sam')!;
    expect(samRow).toMatchObject({ kind: 'user', completed: 1, onTimeRate: 0 });
  });

  it('should breach at once when the due date has already passed at creation', async () => {
    // given / when
    const instanceId = await start({});
    const task = await openTask(instanceId, 'Task_answer');
    // then
    expect(task.dueAt).toBe('2020-01-01T00:00:00.000Z');
    expect(task.breached).toBe(true);
    const breach = await breachOf(task.id);
    expect(Date.parse(breach.breachedAt) - Date.parse(task.createdAt)).toBeLessThan(5000);
  });

  it('should not breach a task completed before its due date', async () => {
    // given
    const instanceId = await start({ dueIn: 'PT2S' });
    const task = await openTask(instanceId, 'Task_answer');
    // when: completed in time, then the due time passes
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.sam!, {})).status).toBe(200);
    await eventually(async () => (Date.now() > Date.parse(task.dueAt!) + 1500 ? true : undefined), 'the due time to pass');
    // then
    expect(await get(`/api/sla/breaches?processKey=slaDeadline`)).not.toContainEqual(expect.objectContaining({ taskId: task.id }));
    expect((await get(`/api/tasks/${task.id}`, t.as.sam!)).breached).toBe(false);
  });

  it('should run the escalation path of a boundary timer while the task stays open', async () => {
    // given
    const instanceId = await start({ dueIn: 'PT1H', escalateIn: 'PT2S' });
    const task = await openTask(instanceId, 'Task_answer');
    // when: the non-interrupting timer fires
    const escalation = await openTask(instanceId, 'Task_escalation', t.as.mia!);
    // then: managers have the escalation, sales still has the task
    expect(escalation).toMatchObject({ candidateGroups: ['managers'] });
    expect((await get(`/api/tasks/${task.id}`, t.as.sam!)).state).toBe('open');
  });

  it('should keep SLA views to managers and admins, and check the period', async () => {
    // then
    for (const path of ['/api/sla/breaches', '/api/sla/summary', '/api/sla/owners']) {
      expect((await t.api.app.request(path, { headers: t.as.sam! })).status).toBe(403);
      expect((await t.api.app.request(`${path}?from=2026-01-01&to=2100-01-01`, { headers: t.as.mia! })).status).toBe(200);
    }
    const bad = await t.api.app.request('/api/sla/summary?from=yesterday', { headers: t.as.mia! });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect(await get('/api/sla/summary?processKey=slaDeadline&from=2000-01-01&to=2000-01-02')).toEqual([]);
  });
});
