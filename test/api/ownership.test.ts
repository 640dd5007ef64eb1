import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { completeTask } from '../../workflows/messages.js';
import type { InboxTask } from '../../stores/bpm/tasks.js';
import { readJson } from '../support/api.js';
import { eventually, useProcessRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

describe('who owns which step, through the API', () => {
  const t = useProcessRunner('ownership-test', {
    designer: ['dana', ['designers']],
    sam: ['sam', ['sales']],
    sara: ['sara', ['sales']],
    carl: ['carl', ['credit-control']],
    wes: ['wes', ['warehouse']],
    eve: ['eve', []],
    mia: ['mia', ['managers']],
  });
  let warnings: Array<{ elementId: string; message: string }>;
  beforeAll(async () => {
    const deployed = await t.post('/api/deployments', t.as.designer!, { name: 'Ownership.lanes.bpmn', xml: fixture('Ownership.lanes.bpmn') });
    expect(deployed.status).toBe(201);
    warnings = (await readJson(deployed)).warnings;
  });

  const get = (path: string, headers: Record<string, string>) => t.api.app.request(path, { headers });
  const inbox = async (headers: Record<string, string>, query = 'filter=all') => (await readJson(await get(`/api/tasks?${query}`, headers))) as InboxTask[];
  const start = async (variables: object = {}) => {
    const response = await t.post('/api/process-instances', t.as.sam!, { processKey: 'ownership', businessKey: `B-${Math.random().toString(36).slice(2, 8)}`, variables });
    expect(response.status).toBe(201);
    const instanceId = (await readJson(response)).instanceId as string;
    // five tasks open in parallel: wait until all rows exist
    await eventually(async () => {
      const owners = await readJson(await get(`/api/process-instances/${instanceId}/owners`, t.as.mia!));
      return owners.length === 5 ? owners : undefined;
    }, 'five open tasks');
    return instanceId;
  };
  const stepsOf = async (headers: Record<string, string>, instanceId: string) =>
    (await inbox(headers)).filter((task) => task.instanceId === instanceId).map((task) => task.elementId).sort();
  const taskOf = async (instanceId: string, elementId: string) => {
    const owners = (await readJson(await get(`/api/process-instances/${instanceId}/owners`, t.as.mia!))) as Array<{ elementId: string; taskId: string }>;
    return { id: owners.find((owner) => owner.elementId === elementId)!.taskId };
  };

  it('should warn at deployment that a task nobody owns is open to everyone', () => {
    // then
    expect(warnings).toEqual([expect.objectContaining({ elementId: 'Task_anyone', message: expect.stringContaining('open to every employee') })]);
  });

  it('should show each user exactly the steps they own: lanes, groups, expressions and everyone', async () => {
    // given
    const instanceId = await start({ accountOwner: 'sara' });
    // then
    expect(await stepsOf(t.as.sam!, instanceId)).toEqual(['Task_anyone', 'Task_quote']);
    expect(await stepsOf(t.as.sara!, instanceId)).toEqual(['Task_anyone', 'Task_owner', 'Task_quote']);
    expect(await stepsOf(t.as.carl!, instanceId)).toEqual(['Task_anyone', 'Task_credit']);
    expect(await stepsOf(t.as.wes!, instanceId)).toEqual(['Task_anyone', 'Task_pick']);
    expect(await stepsOf(t.as.eve!, instanceId)).toEqual(['Task_anyone']);
    const credit = (await inbox(t.as.carl!)).find((task) => task.instanceId === instanceId && task.elementId === 'Task_credit')!;
    expect(credit).toMatchObject({ candidateGroups: ['credit-control'], openToEveryone: false, instructions: 'Compare the open balance with the credit limit.' });
    const quote = (await inbox(t.as.sam!)).find((task) => task.instanceId === instanceId && task.elementId === 'Task_quote')!;
    expect(quote.instructions).toBe("Price the order from the price list.\nSend the quote to the client's buyer.");
    const anyone = (await inbox(t.as.eve!)).find((task) => task.instanceId === instanceId)!;
    expect(anyone).toMatchObject({ elementId: 'Task_anyone', openToEveryone: true, candidateGroups: [], candidateUsers: [], assignee: null });
  });

  it('should refuse every forbidden action with the right status', async () => {
    // given
    const instanceId = await start({ accountOwner: 'sara' });
    const credit = (await taskOf(instanceId, 'Task_credit'))!;
    const quote = (await taskOf(instanceId, 'Task_quote'))!;
    // then: reading someone else's task
    expect((await get(`/api/tasks/${credit.id}`, t.as.sam!)).status).toBe(403);
    expect((await get(`/api/tasks/${credit.id}`, t.as.carl!)).status).toBe(200);
    expect((await get(`/api/tasks/${credit.id}`, t.as.mia!)).status).toBe(200);
    expect((await get(`/api/tasks/00000000-0000-4000-8000-000000000000`, t.as.mia!)).status).toBe(404);
    // the instance with its variables: managers, designers and whoever started it, not a user who never held a task of it
    expect((await get(`/api/process-instances/${instanceId}`, t.as.mia!)).status).toBe(200);
    expect((await get(`/api/process-instances/${instanceId}`, t.as.designer!)).status).toBe(200);
    expect((await get(`/api/process-instances/${instanceId}`, t.as.wes!)).status).toBe(403);
    expect((await get(`/api/process-instances/${instanceId}`, t.as.sam!)).status).toBe(200); // sam started it
    // delegating a task you do not hold, or that is not yours at all
    expect((await t.post(`/api/tasks/${quote.id}/delegate`, t.as.sam!, { to: 'sara' })).status).toBe(403);
    expect((await t.post(`/api/tasks/${credit.id}/delegate`, t.as.wes!, { to: 'wes' })).status).toBe(403);
    expect((await t.post(`/api/tasks/${credit.id}/claim`, t.as.sam!)).status).toBe(403);
    expect((await t.post(`/api/tasks/${quote.id}/complete`, t.as.carl!, {})).status).toBe(403);
    // a delegate who does not exist
    expect((await t.post(`/api/tasks/${credit.id}/delegate`, t.as.mia!, { to: 'nobody-here' })).status).toBe(422);
    expect((await t.post(`/api/tasks/nope/claim`, t.as.mia!)).status).toBe(404);
  });

  it('should offer a task nobody owns to everyone: any employee claims and completes it, once', async () => {
    // given
    const instanceId = await start({ accountOwner: 'sara' });
    const anyone = (await taskOf(instanceId, 'Task_anyone'))!;
    // when
    const claimed = await t.post(`/api/tasks/${anyone.id}/claim`, t.as.eve!);
    const done = await t.post(`/api/tasks/${anyone.id}/complete`, t.as.eve!, {});
    const again = await t.post(`/api/tasks/${anyone.id}/complete`, t.as.eve!, {});
    // then
    expect(claimed.status).toBe(200);
    expect(await readJson(done)).toMatchObject({ state: 'completed', completedBy: 'eve' });
    expect(again.status).toBe(409);
    // eve held a task of the instance: she may read it now
    expect((await get(`/api/process-instances/${instanceId}`, t.as.eve!)).status).toBe(200);
  });

  it('should delegate, comment and keep a history of who did what; the workflow knows the new holder', async () => {
    // given
    const instanceId = await start({ accountOwner: 'sara' });
    const quote = (await taskOf(instanceId, 'Task_quote'))!;
    // when: sam claims, hands it to sara, comments; a manager hands it on to eve's colleague sam again
    expect((await t.post(`/api/tasks/${quote.id}/claim`, t.as.sam!)).status).toBe(200);
    const delegated = await t.post(`/api/tasks/${quote.id}/delegate`, t.as.sam!, { to: 'sara' });
    const commented = await t.post(`/api/tasks/${quote.id}/comments`, t.as.sara!, { text: 'Asked the buyer\nfor the volume.' });
    // then
    expect(await readJson(delegated)).toMatchObject({ assignee: 'sara' });
    expect(commented.status).toBe(201);
    expect((await t.post(`/api/tasks/${quote.id}/complete`, t.as.sam!, {})).status).toBe(403);
    // the workflow's own validator refuses the previous holder, even past the API's check
    const handle = t.api.temporal.workflow.getHandle(instanceId);
    await expect(handle.executeUpdate(completeTask, { args: [{ taskId: quote.id, completedBy: 'sam', completedByGroups: ['sales'] }] })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('assigned to sara') },
    });
    const pick = (await taskOf(instanceId, 'Task_pick'))!;
    await expect(handle.executeUpdate(completeTask, { args: [{ taskId: pick.id, completedBy: 'sam', completedByGroups: ['sales'] }] })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('not a candidate') },
    });
    // when: sara completes it
    expect((await t.post(`/api/tasks/${quote.id}/complete`, t.as.sara!, {})).status).toBe(200);
    // then
    const history = await readJson(await get(`/api/tasks/${quote.id}/history`, t.as.sara!));
    expect(history.map((entry: { kind: string; by: string | null }) => [entry.kind, entry.by])).toEqual([
      ['created', null],
      ['claimed', 'sam'],
      ['delegated', 'sam'],
      ['commented', 'sara'],
      ['completed', 'sara'],
    ]);
    expect(history[2]).toMatchObject({ from: 'sam', to: 'sara' });
    expect(history[3]).toMatchObject({ text: 'Asked the buyer\nfor the volume.' });
    expect((await get(`/api/tasks/${quote.id}/history`, t.as.wes!)).status).toBe(403);
  });

  it('should list the responsibilities of a sales user, a warehouse user and a manager', async () => {
    // given: open tasks from the tests above and one more case
    await start({ accountOwner: 'sara' });
    const steps = async (headers: Record<string, string>, query = '') =>
      ((await readJson(await get(`/api/me/responsibilities${query}`, headers))) as Array<Record<string, unknown>>)
        .filter((entry) => entry.processKey === 'ownership')
        .map(({ elementId, via, group, expression }) => ({ elementId, via, ...(group ? { group } : {}), ...(expression ? { expression } : {}) }))
        .sort((a, b) => `${a.elementId}`.localeCompare(`${b.elementId}`));
    // when / then
    const sales = [
      { elementId: 'Task_anyone', via: 'everyone' },
      { elementId: 'Task_owner', via: 'expression', expression: 'accountOwner' },
      { elementId: 'Task_quote', via: 'lane', group: 'sales' },
    ];
    expect(await steps(t.as.sam!)).toEqual(sales);
    expect(await steps(t.as.wes!)).toEqual([
      { elementId: 'Task_anyone', via: 'everyone' },
      { elementId: 'Task_owner', via: 'expression', expression: 'accountOwner' },
      { elementId: 'Task_pick', via: 'candidateGroup', group: 'warehouse' },
    ]);
    expect(await steps(t.as.mia!)).toEqual([
      { elementId: 'Task_anyone', via: 'everyone' },
      { elementId: 'Task_owner', via: 'expression', expression: 'accountOwner' },
    ]);
    expect(await steps(t.as.mia!, '?username=sam')).toEqual(sales);
    expect((await get('/api/me/responsibilities?username=wes', t.as.sam!)).status).toBe(403);
    // the counts are the open tasks each may act on now
    const quote = ((await readJson(await get('/api/me/responsibilities', t.as.sam!))) as Array<{ elementId: string; open: number; instructions: string }>).find(
      (entry) => entry.elementId === 'Task_quote',
    )!;
    const openQuotes = (await inbox(t.as.sam!, 'filter=all&processKey=ownership')).filter((task) => task.elementId === 'Task_quote').length;
    expect(quote.open).toBe(openQuotes);
    expect(quote.open).toBeGreaterThan(0);
    expect(quote.instructions).toContain('price list');
  });

  it('should sort, filter and page the inbox with a cursor', async () => {
    // given: several open quote tasks for sales
    const all = await inbox(t.as.sam!, 'filter=group&processKey=ownership&sort=createdAt&limit=500');
    expect(all.length).toBeGreaterThan(3);
    // when: pages of two
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const response = await get(`/api/tasks?filter=group&processKey=ownership&sort=createdAt&limit=2${after ? `&after=${after}` : ''}`, t.as.sam!);
      seen.push(...((await readJson(response)) as InboxTask[]).map((task) => task.id));
      after = response.headers.get('x-next-cursor');
    } while (after);
    // then: every task once, in the same order as one big page
    expect(seen).toEqual(all.map((task) => task.id));
    const businessKey = all[0]!.businessKey!;
    expect((await inbox(t.as.sam!, `filter=all&businessKey=${businessKey}`)).every((task) => task.businessKey === businessKey)).toBe(true);
    expect((await inbox(t.as.sam!, `filter=all&q=${encodeURIComponent('quote')}`)).every((task) => task.name === 'Prepare quote')).toBe(true);
    expect(await inbox(t.as.sam!, 'filter=all&breached=true')).toEqual([]);
    expect((await get('/api/tasks?sort=nonsense', t.as.sam!)).status).toBe(400);
  });
});
