import { describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../bin/demo-cases.js';
import { seedDemoData } from '../../stores/demo-seed.js';
import { eventually, useProcessRunner } from '../support/process-runner.js';

/** BPM_DEMO=1: every screen has something true to show on first start. */
describe('seedDemoCases', () => {
  const t = useProcessRunner('demo-cases-test', {});
  const statusOf = async () =>
    (await t.db.pool.query<{ business_key: string; status: string }>(`SELECT business_key, status FROM bpm.process_instances WHERE business_key LIKE 'demo-%' ORDER BY business_key`)).rows;

  it('should leave cases waiting in every lane, one overdue, one incident and some completed, once', async () => {
    // given: the demo company
    await seedDemoData(t.db.pool);
    const lines: string[] = [];
    // when
    await seedDemoCases({ pool: t.db.pool, temporal: t.api.temporal, taskQueue: t.api.taskQueue }, (line) => lines.push(line));
    const settled = await eventually(async () => {
      const rows = await statusOf();
      const count = (status: string) => rows.filter((row) => row.status === status).length;
      return count('completed') >= 3 && count('incident') >= 1 ? rows : undefined;
    }, 'the demo cases to settle', 60_000, statusOf);

    // then
    expect(lines).toEqual([expect.stringContaining('Demo cases')]);
    expect(settled.filter((row) => row.status === 'incident').map((row) => row.business_key)).toEqual(['demo-order-incident']);
    expect(settled.filter((row) => row.status === 'completed').map((row) => row.business_key).sort()).toEqual(['demo-hello', 'demo-lead-umbrella', 'demo-order-fabrikam-paid']);
    const open = (await t.db.pool.query<{ element_id: string; candidate_groups: string[]; due_at: Date | null }>(`SELECT element_id, candidate_groups, due_at FROM bpm.tasks WHERE state = 'open'`)).rows;
    const lanes = new Set(open.flatMap((task) => task.candidate_groups));
    expect([...lanes].sort()).toEqual(expect.arrayContaining(['accounting', 'sales', 'sales-managers', 'warehouse']));
    expect(open.filter((task) => task.due_at !== null && task.due_at.getTime() < Date.now()).map((task) => task.element_id)).toEqual(['Task_followUp']);
    const ended = (await t.db.pool.query<{ business_key: string; days: number }>(
      `SELECT business_key, round(extract(epoch FROM now() - ended_at) / 86400)::int AS days FROM bpm.process_instances WHERE status = 'completed' AND business_key LIKE 'demo-%' ORDER BY days`,
    )).rows;
    expect(ended.map((row) => row.days)).toEqual([7, 14, 21]); // completed over the past weeks
    const waitingForPayment = (await t.db.pool.query(`SELECT count(*)::int AS n FROM bpm.message_subscriptions WHERE message_name = 'payment-received'`)).rows[0].n;
    expect(waitingForPayment).toBeGreaterThanOrEqual(1);

    // when: the next start seeds again
    const before = (await statusOf()).length;
    await seedDemoCases({ pool: t.db.pool, temporal: t.api.temporal, taskQueue: t.api.taskQueue }, () => {});
    // then
    expect((await statusOf()).length).toBe(before);
  }, 120_000);
});
