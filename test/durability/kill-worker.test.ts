/**
 * Durability (DESIGN decision 4): the worker is a separate OS process, killed with SIGKILL
 * while instances sit in their timers; a new worker process takes over and every instance
 * completes with each side effect done exactly once, as counted in the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServiceTaskRequest } from '../../activities/run-service-task.js';
import { readJson, testApi, type TestApi } from '../support/api.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/process-runner.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = readFileSync(new URL('Durability.user-task-and-timer.bpmn', import.meta.url), 'utf8');

const INSTANCES = 50;
const PROCESS_KEY = 'durability';
const FULL_PATH = ['StartEvent_case', 'Task_notifyFirst', 'Task_review', 'Timer_cooldown', 'Task_notifySecond', 'EndEvent_case'];

interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node --import tsx worker/main.ts`, as production runs it; resolves once it polls. */
async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const worker: WorkerProcess = { child, output: () => output, exited };
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`worker did not start polling in 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker polling')) {
        clearTimeout(timeout);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timeout);
      reject(new Error(`worker exited (code ${code}, signal ${signal}) before polling:\n${output}`));
    });
  });
  return worker;
}

async function stopWorkerProcess(worker: WorkerProcess | undefined): Promise<void> {
  if (!worker || worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM'); // the SDK drains and returns
  const drained = await Promise.race([worker.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
  if (!drained) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
}

describe('a worker killed with SIGKILL in the middle of 50 instances', () => {
  let db: TestDatabase;
  let api: TestApi;
  const workers: WorkerProcess[] = [];
  const as: Record<string, Record<string, string>> = {};
  const taskQueue = `durability-${randomBytes(4).toString('hex')}`;
  const workerEnv = () => ({
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_NAMESPACE: 'default',
    TZ: 'UTC',
  });

  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, taskQueue);
    as.designer = await api.as('dana', ['designers']);
    as.sam = await api.as('sam', ['sales']);
    as.mia = await api.as('mia', ['managers']);
    const deployed = await post('/api/deployments', as.designer, { name: 'Durability.user-task-and-timer.bpmn', xml: fixture });
    expect(deployed.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await stopWorkerProcess(worker);
    await api?.close();
    await db?.drop();
  });

  const post = (path: string, headers: Record<string, string>, body: unknown = {}) =>
    api.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
  const openTasks = async () =>
    (await readJson(await api.app.request(`/api/tasks?filter=all&processKey=${PROCESS_KEY}`, { headers: as.sam! }))) as Array<{ id: string; instanceId: string }>;
  const instances = async (status?: string) =>
    (await readJson(
      await api.app.request(`/api/process-instances?processKey=${PROCESS_KEY}${status ? `&status=${status}` : ''}`, { headers: as.mia! }),
    )) as Array<{ instanceId: string; status: string; activeElements: string[]; completedElements: string[]; variables: Record<string, unknown> }>;
  /** For a failure message: the summary row and what Temporal has pending for each instance. */
  const whereTheyStand = (stuck: Array<{ instanceId: string; status: string; activeElements: string[] }>) =>
    Promise.all(
      stuck.map(async ({ instanceId, status, activeElements }) => {
        const { raw } = await api.temporal.workflow.getHandle(instanceId).describe();
        const pending = (raw.pendingActivities ?? []).map((activity) => ({
          type: activity.activityType?.name,
          state: activity.state,
          attempt: activity.attempt,
          failure: activity.lastFailure?.message,
        }));
        return { instanceId, status, activeElements, pending, workflowTask: raw.pendingWorkflowTask ?? null };
      }),
    );
  /**
   * Activities Temporal started more than once: the killed worker's attempt timed out and
   * the new worker ran it again. Read from the workflow history (the last start event of
   * an activity carries its attempt number).
   */
  const retriedActivities = async (instanceId: string) => {
    const history = await api.temporal.workflow.getHandle(instanceId).fetchHistory();
    const scheduled = new Map<string, { type: string; idempotencyKey: string | null }>();
    const retried: Array<{ instanceId: string; type: string; idempotencyKey: string | null; attempt: number }> = [];
    for (const event of history.events ?? []) {
      const scheduling = event.activityTaskScheduledEventAttributes;
      if (scheduling) {
        const payload = scheduling.input?.payloads?.[0]?.data;
        const request = payload ? (JSON.parse(Buffer.from(payload).toString()) as Partial<ServiceTaskRequest>) : {};
        const idempotencyKey = request.elementId === undefined ? null : `${request.instanceId}:${request.elementId}:${request.loopCounter}`;
        scheduled.set(String(event.eventId), { type: scheduling.activityType?.name ?? '?', idempotencyKey });
      }
      const start = event.activityTaskStartedEventAttributes;
      if (start && (start.attempt ?? 1) > 1) retried.push({ instanceId, ...scheduled.get(String(start.scheduledEventId))!, attempt: start.attempt! });
    }
    return retried;
  };
  /** Completes tasks through the API, `concurrency` at a time; each answer must be 200. */
  const completeAll = async (tasks: Array<{ id: string }>, concurrency = 10) => {
    for (let i = 0; i < tasks.length; i += concurrency) {
      const answers = await Promise.all(tasks.slice(i, i + concurrency).map((task) => post(`/api/tasks/${task.id}/complete`, as.sam!, { variables: { reviewed: true } })));
      for (const answer of answers) expect(answer.status, await answer.clone().text()).toBe(200);
    }
  };

  it('should complete all 50 instances on a new worker process with every notification sent exactly once', async () => {
    const began = Date.now();
    // given: a worker process and 50 instances waiting in their user task
    workers.push(await startWorkerProcess(workerEnv()));
    const firstWorker = workers[0]!;
    for (let i = 0; i < INSTANCES; i += 10) {
      const started = await Promise.all(
        Array.from({ length: Math.min(10, INSTANCES - i) }, (_, k) => post('/api/process-instances', as.sam!, { processKey: PROCESS_KEY, variables: { caseNo: i + k + 1 } })),
      );
      for (const response of started) expect(response.status).toBe(201);
    }
    const tasks = await eventually(async () => {
      const open = await openTasks();
      return open.length === INSTANCES ? open : undefined;
    }, `${INSTANCES} open review tasks`, 60_000, async () => {
      const withTask = new Set((await openTasks()).map((task) => task.instanceId));
      return whereTheyStand((await instances()).filter((instance) => !withTask.has(instance.instanceId)));
    });

    // when: 20 are completed, at least one instance has finished, 10 more are completed and
    // the worker is killed at once, while those 10 sit in their 2 s timer
    await completeAll(tasks.slice(0, 20));
    await eventually(async () => ((await instances('completed')).length > 0 ? true : undefined), 'a first completed instance', 30_000);
    await completeAll(tasks.slice(20, 30));
    firstWorker.child.kill('SIGKILL');
    const death = await firstWorker.exited;
    const killedAt = Date.now();
    const atKill = await instances();
    const completedAtKill = atKill.filter((instance) => instance.status === 'completed').length;
    const inTimerAtKill = atKill.filter((instance) => instance.activeElements.includes('Timer_cooldown')).length;
    const keysAtKill = new Set((await db.pool.query<{ key: string }>('SELECT idempotency_key AS key FROM bpm.notifications')).rows.map((row) => row.key));
    console.log(
      `[durability] SIGKILL with ${completedAtKill}/${INSTANCES} instances completed, ${inTimerAtKill} in their timer (by their summary rows),` +
        ` ${INSTANCES - 30} tasks still open, ${keysAtKill.size} notifications written`,
    );

    // then: it died by the signal, in the middle of the run
    expect(death).toEqual({ code: null, signal: 'SIGKILL' });
    expect(completedAtKill).toBeGreaterThan(0);
    expect(completedAtKill).toBeLessThan(INSTANCES);

    // when: a new worker process starts and the remaining 20 tasks are completed
    workers.push(await startWorkerProcess(workerEnv()));
    const restartedAt = Date.now();
    await completeAll(tasks.slice(30));
    const remainingCompletedAt = Date.now();

    // then: all 50 complete, each along the full path
    const completed = await eventually(
      async () => {
        const done = await instances('completed');
        return done.length === INSTANCES ? done : undefined;
      },
      `all ${INSTANCES} instances completed`,
      90_000,
      async () => whereTheyStand((await instances()).filter((instance) => instance.status !== 'completed')),
    );
    const allDoneAt = Date.now();
    for (const instance of completed) expect(instance.completedElements, instance.instanceId).toEqual(FULL_PATH);

    // and: exactly two notifications per instance, one per step, none twice
    const { rows: totals } = await db.pool.query<{ notifications: number; keys: number; instances: number }>(
      `SELECT count(*)::int AS notifications, count(DISTINCT idempotency_key)::int AS keys, count(DISTINCT instance_id)::int AS instances
       FROM bpm.notifications`,
    );
    expect(totals[0]).toEqual({ notifications: 2 * INSTANCES, keys: 2 * INSTANCES, instances: INSTANCES });
    const { rows: duplicates } = await db.pool.query(
      `SELECT instance_id, subject, count(*)::int AS sent FROM bpm.notifications GROUP BY instance_id, subject HAVING count(*) > 1`,
    );
    expect(duplicates).toEqual([]);
    const { rows: perInstance } = await db.pool.query<{ instance_id: string; subjects: string[] }>(
      `SELECT instance_id, array_agg(subject ORDER BY id) AS subjects FROM bpm.notifications GROUP BY instance_id`,
    );
    const caseNoOf = new Map(completed.map((instance) => [instance.instanceId, instance.variables.caseNo]));
    for (const { instance_id, subjects } of perInstance) {
      const caseNo = caseNoOf.get(instance_id);
      expect(subjects, instance_id).toEqual([`step 1 of ${caseNo}`, `step 2 of ${caseNo}`]);
    }

    // and: one review task per instance, all completed
    const { rows: taskRows } = await db.pool.query<{ tasks: number; instances: number; completed: number }>(
      `SELECT count(*)::int AS tasks, count(DISTINCT instance_id)::int AS instances, count(*) FILTER (WHERE state = 'completed')::int AS completed
       FROM bpm.tasks`,
    );
    expect(taskRows[0]).toEqual({ tasks: INSTANCES, instances: INSTANCES, completed: INSTANCES });
    // and (for the record): the steps the killed worker held were run again by the new one
    const retried = (await Promise.all(completed.map((instance) => retriedActivities(instance.instanceId)))).flat();
    const retriedSteps = retried.filter((activity) => activity.type === 'runServiceTask');
    const writtenBeforeKill = retriedSteps.filter((step) => keysAtKill.has(step.idempotencyKey!)).length;
    console.log(
      `[durability] run again after the kill: ${retriedSteps.length} notify.send steps (${writtenBeforeKill} of them had written their` +
        ` notification before the kill and wrote nothing the second time), ${retried.length - retriedSteps.length} bookkeeping activities`,
    );
    const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    console.log(
      `[durability] all ${INSTANCES} completed; duplicate notifications: ${duplicates.length}; run time ${seconds(began, Date.now())}` +
        ` (before the kill ${seconds(began, killedAt)}, new worker polling after ${seconds(killedAt, restartedAt)},` +
        ` last 20 tasks completed in ${seconds(restartedAt, remainingCompletedAt)}, all instances done ${seconds(remainingCompletedAt, allDoneAt)} later)`,
    );
  }, 240_000); // 50 cases, a kill and a new worker: about 40 s alone, over 115 s at load 25
});
