/**
 * Faults survived on the production shape (local-stack/production.ts): Temporal's own
 * server on PostgreSQL, two API processes and two worker processes. Each case of the
 * durability diagram sends two notifications and opens one review task; after each
 * fault every case finishes and the stores hold each effect exactly once.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionStack, type ProductionStack } from '../../local-stack/production.js';
import { createPool, type Pool } from '../../stores/db.js';
import { createUser } from '../../stores/bpm/identity.js';
import { countEffects, untilAllCompleted } from './effects.js';

const fixture = readFileSync(new URL('../durability/Durability.user-task-and-timer.bpmn', import.meta.url), 'utf8');
const adminPassword = 'faults-admin-password';
const userPassword = 'faults-user-password';
const FULL_PATH = ['StartEvent_case', 'Task_notifyFirst', 'Task_review', 'Timer_cooldown', 'Task_notifySecond', 'EndEvent_case'];

// Bodies are read loosely; the API's own tests check their shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; headers: Headers; body: any };

async function call(base: string, path: string, token: string | undefined, init: { method?: string; body?: unknown } = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen in ${ms / 1000} s${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

describe('the production shape under faults (2 API and 2 worker processes on Temporal server + PostgreSQL)', () => {
  let dataDir: string;
  let stack: ProductionStack;
  let pool: Pool;
  const tokens: Record<string, string> = {};
  const report: string[] = [];
  let batch = 0;

  const login = async (base: string, username: string, password: string) => (await call(base, '/api/auth/login', undefined, { method: 'POST', body: { username, password } })).body.token as string;
  const api = (i: number) => stack.apis[i]!.url!;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bpm-faults-'));
    stack = await startProductionStack({ dataDir, workers: 2, apis: 2, adminPassword, log: () => {} });
    pool = createPool(stack.databaseUrl, 4);
    await createUser(pool, { username: 'sam', name: 'Sam', password: userPassword, groups: ['sales'] });
    await createUser(pool, { username: 'mia', name: 'Mia', password: userPassword, groups: ['managers', 'designers'] });
    tokens.sam = await login(api(0), 'sam', userPassword);
    tokens.mia = await login(api(0), 'mia', userPassword);
    const deployed = await call(api(0), '/api/deployments', tokens.mia, { method: 'POST', body: { name: 'durability.bpmn', xml: fixture } });
    expect(deployed.status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    for (const line of report) console.log(line);
    await pool?.end();
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 120_000);

  /** Starts `count` cases through the first API and waits for their review tasks. */
  async function startCases(count: number): Promise<{ instanceIds: string[]; taskIds: string[] }> {
    const key = `batch-${++batch}`;
    const instanceIds: string[] = [];
    for (let i = 0; i < count; i += 10) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, (_, k) =>
          call(api(0), '/api/process-instances', tokens.sam, { method: 'POST', body: { processKey: 'durability', businessKey: key, variables: { caseNo: batch * 1000 + i + k } } }),
        ),
      );
      for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      instanceIds.push(...answers.map((answer) => answer.body.instanceId as string));
    }
    const taskIds = await eventually(async () => {
      const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM bpm.tasks WHERE instance_id = ANY($1) AND state = 'open'`, [instanceIds]);
      return rows.length === count ? rows.map((row) => row.id) : undefined;
    }, `${count} open review tasks`);
    return { instanceIds, taskIds };
  }

  /**
   * Completes a task as a careful client would: on a dropped connection or a 503 it asks
   * again (at the next API process); a 409 on a retry means the first attempt went through.
   */
  async function completeTask(taskId: string, bases: () => string[]): Promise<void> {
    for (let attempt = 0; attempt < 120; attempt++) {
      const targets = bases();
      const base = targets[attempt % targets.length]!;
      const answer = await call(base, `/api/tasks/${taskId}/complete`, tokens.sam, { method: 'POST', body: { variables: { reviewed: true } } }).catch(() => undefined);
      if (answer?.status === 200 || (answer?.status === 409 && attempt > 0)) return;
      if (answer) expect([503], `complete ${taskId}: ${answer.status} ${JSON.stringify(answer.body)}`).toContain(answer.status);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`task ${taskId} could not be completed`);
  }

  const completeAll = async (taskIds: string[], bases: () => string[], concurrency = 10) => {
    for (let i = 0; i < taskIds.length; i += concurrency) await Promise.all(taskIds.slice(i, i + concurrency).map((id) => completeTask(id, bases)));
  };

  /** Waits for every case to complete along the full path, then counts effects in the stores. */
  async function expectEverythingOnce(scenario: string, instanceIds: string[]): Promise<void> {
    await untilAllCompleted(pool, instanceIds, `${scenario}: all ${instanceIds.length} cases completed`);
    const sample = await call(api(stack.apis.length - 1), `/api/process-instances/${instanceIds[0]}`, tokens.mia);
    expect(sample.body.completedElements).toEqual(FULL_PATH);
    const { notifications, tasks, lost, duplicated } = await countEffects(pool, instanceIds);
    const expected = 2 * instanceIds.length;
    report.push(
      `[faults] ${scenario}: ${instanceIds.length} cases completed; notifications ${notifications.rows} (expected ${expected}), ` +
        `review tasks ${tasks.rows} (${tasks.completed} completed, expected ${instanceIds.length}); lost ${lost}, duplicated ${duplicated}`,
    );
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(notifications).toEqual({ rows: expected, distinct: expected });
    expect(tasks).toEqual({ rows: instanceIds.length, completed: instanceIds.length, instances: instanceIds.length });
  }

  /** Calls made during an outage: each must be a 503 problem naming `dependency`, never a 500. */
  async function expectOutageAnswers(dependency: string, calls: Array<() => Promise<Answer>>): Promise<number> {
    let seen = 0;
    for (const make of calls) {
      const answer = await make();
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.body.detail).toContain(dependency);
      seen++;
    }
    return seen;
  }

  it('should finish all 50 cases, every effect once, when one of two workers is SIGKILLed with them in flight', async () => {
    // given
    const { instanceIds, taskIds } = await startCases(50);
    // when: half the tasks completed (those cases are in their timer or last step), then a worker dies
    await completeAll(taskIds.slice(0, 25), () => [api(0), api(1)]);
    const victim = stack.workers[0]!;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    stack.workers.shift();
    await completeAll(taskIds.slice(25), () => [api(0), api(1)]);
    // then
    await expectEverythingOnce('worker SIGKILL (1 of 2), 50 cases in flight', instanceIds);
    await stack.startWorker(); // two again for what follows
  }, 300_000);

  it('should keep every case running through a rolling restart of both workers (SIGTERM drains, no step waits for a timeout)', async () => {
    // given
    const { instanceIds, taskIds } = await startCases(20);
    const working = completeAll(taskIds, () => [api(0), api(1)], 2);
    // when: each worker in turn gets SIGTERM and is replaced, while tasks are being completed
    const drains: number[] = [];
    for (const old of [...stack.workers]) {
      const began = Date.now();
      old.child.kill('SIGTERM');
      expect(await old.exited, old.output()).toEqual({ code: 0, signal: null });
      drains.push((Date.now() - began) / 1000);
      expect(old.output()).toContain('worker stopped: its running steps finished or went back to the server');
      stack.workers.splice(stack.workers.indexOf(old), 1);
      await stack.startWorker();
    }
    await working;
    const lastCompletedAt = Date.now();
    // then: all finish well before any activity timeout (bookkeeping 10 s, steps 5 min) could have fired
    await expectEverythingOnce(`rolling restart of 2 workers (drained in ${drains.map((s) => s.toFixed(1)).join(' s and ')} s)`, instanceIds);
    expect(Date.now() - lastCompletedAt).toBeLessThan(10_000);
  }, 300_000);

  it('should keep serving through the other API process when one is SIGKILLed, a retrying client losing nothing', async () => {
    // given
    const { instanceIds, taskIds } = await startCases(20);
    const [first, second] = [stack.apis[0]!, stack.apis[1]!];
    // when: a client completes tasks on the first API; it dies in the middle
    const working = completeAll(taskIds, () => (first.child.exitCode === null && first.child.signalCode === null ? [first.url!, second.url!] : [second.url!]), 5);
    await eventually(async () => {
      const { rows } = await pool.query<{ done: number }>(`SELECT count(*)::int AS done FROM bpm.tasks WHERE instance_id = ANY($1) AND state = 'completed'`, [instanceIds]);
      return rows[0]!.done >= 5 ? true : undefined;
    }, 'a first few tasks completed');
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // then: the other one answers at once
    expect((await call(second.url!, '/healthz', undefined)).status).toBe(200);
    await working;
    await expectEverythingOnce('API SIGKILL (1 of 2), a client retrying on the other', instanceIds);
    stack.apis.splice(0, 1);
    await stack.startApi();
  }, 300_000);

  it('should answer 503 naming PostgreSQL while it restarts, and finish every case afterwards', async () => {
    // given
    const { instanceIds, taskIds } = await startCases(20);
    await completeAll(taskIds.slice(0, 10), () => [api(0), api(1)]);
    // when
    await stack.postgres.stop();
    const answered = await expectOutageAnswers('PostgreSQL', [
      () => call(api(0), '/api/tasks?filter=group', tokens.sam),
      () => call(api(1), `/api/tasks/${taskIds[10]}/complete`, tokens.sam, { method: 'POST', body: { variables: { reviewed: true } } }),
      () => call(api(0), '/api/process-instances', tokens.sam, { method: 'POST', body: { processKey: 'durability', variables: { caseNo: 0 } } }),
      () => call(api(1), `/api/process-instances/${instanceIds[0]}`, tokens.mia),
    ]);
    await stack.postgres.start();
    // then
    await completeAll(taskIds.slice(10), () => [api(0), api(1)]);
    await expectEverythingOnce(`PostgreSQL restarted mid-run (${answered} calls during the outage: all 503 naming PostgreSQL)`, instanceIds);
  }, 300_000);

  it('should answer 503 naming Temporal while its server restarts, and finish every case afterwards', async () => {
    // given
    const { instanceIds, taskIds } = await startCases(20);
    await completeAll(taskIds.slice(0, 10), () => [api(0), api(1)]);
    // when
    await stack.temporal.stop();
    const answered = await expectOutageAnswers('Temporal', [
      () => call(api(0), '/api/process-instances', tokens.sam, { method: 'POST', body: { processKey: 'durability', variables: { caseNo: 0 } } }),
      () => call(api(1), `/api/tasks/${taskIds[10]}/complete`, tokens.sam, { method: 'POST', body: { variables: { reviewed: true } } }),
    ]);
    await stack.temporal.start();
    // then
    await completeAll(taskIds.slice(10), () => [api(0), api(1)]);
    await expectEverythingOnce(`Temporal server restarted mid-run (${answered} calls during the outage: all 503 naming Temporal)`, instanceIds);
  }, 300_000);
});
