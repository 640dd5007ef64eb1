import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillInbox } from '../../../bench/inbox-fill.js';
import { inboxSql, listTasks, type InboxQuery } from '../../../stores/bpm/tasks.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

describe('the inbox query stays indexed', () => {
  let db: TestDatabase;
  const user = { username: 'user-0007', groups: ['team-07', 'team-02'] };
  beforeAll(async () => {
    db = await freshDatabase();
    // the bench's shape at a fifth of its size: 1 000 users, 20 000 open tasks
    await fillInbox(db.pool, { users: 1000, groups: 50, openTasks: 20_000 });
  });
  afterAll(() => db.drop());

  const planOf = async (query: InboxQuery) => {
    const { text, values } = inboxSql(user, query);
    const { rows } = await db.pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
    return nodes(rows[0]!['QUERY PLAN'][0]!.Plan);
  };

  const filters = ['mine', 'group', 'all'] as const;
  const sorts = ['dueAt', 'priority', 'createdAt'] as const;
  const extras: Array<[string, Partial<InboxQuery>]> = [
    ['no extra filter', {}],
    ['breached', { breached: true }],
    ['business key', { businessKey: 'BK-42' }],
    ['text', { q: 'step 3' }],
    ['process', { processKey: 'bench-process-1' }],
  ];
  const cases = filters.flatMap((filter) => sorts.flatMap((sort) => extras.map(([name, extra]) => [filter, sort, name, extra] as const)));

  const expectIndexed = (plan: PlanNode[]) => {
    const scans = plan.filter((node) => node['Relation Name'] === 'tasks' || node['Relation Name'] === 'task_offers');
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
  };

  it.each(cases)('should not scan the tasks table sequentially for filter=%s sort=%s with %s', async (filter, sort, _name, extra) => {
    // when
    const plan = await planOf({ filter, state: 'open', sort, limit: 50, ...extra });
    // then
    expectIndexed(plan);
  });

  it.each(sorts)('should not scan sequentially for completed tasks either, sort=%s', async (sort) => {
    // when
    const plan = await planOf({ filter: 'all', state: 'completed', sort, limit: 50 });
    // then
    expectIndexed(plan);
  });

  it('should page through open tasks with a cursor from the ordered index, not a sort of everything', async () => {
    // given
    const first = await listTasks(db.pool, user, { filter: 'group', state: 'open', sort: 'dueAt', limit: 50 });
    // when
    const plan = await planOf({ filter: 'group', state: 'open', sort: 'dueAt', limit: 50, after: first.nextCursor! });
    // then
    expectIndexed(plan);
    expect(plan.some((node) => node['Index Name'] === 'task_offers_by_due')).toBe(true);
  });

  it('should page with the cursor through exactly the rows one big page has', async () => {
    // given
    const everything = await listTasks(db.pool, user, { filter: 'all', state: 'open', processKey: 'bench-process-1', sort: 'priority', limit: 500 });
    // when
    const paged: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listTasks(db.pool, user, { filter: 'all', state: 'open', processKey: 'bench-process-1', sort: 'priority', limit: 37, after });
      paged.push(...page.tasks.map((task) => task.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    // then
    expect(everything.tasks.length).toBeGreaterThan(100);
    expect(everything.tasks.length).toBeLessThan(500);
    expect(paged).toEqual(everything.tasks.map((task) => task.id));
    const priorities = everything.tasks.map((task) => task.priority ?? 50);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
  });
});
