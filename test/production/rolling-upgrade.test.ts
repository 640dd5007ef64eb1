/**
 * A rolling upgrade on the production shape: cases start on two workers running an OLDER
 * commit of this repository, stop mid-way (review task open, cooldown timer running),
 * and the workers are replaced one at a time by workers running the current code.
 *
 * Why patched code and not worker versioning: every change to the commands the
 * interpreter issues sits behind `patched()`, and test/workflows/replay.test.ts replays
 * recorded histories of earlier code on every build, so a current worker can take over
 * any open case at once; an upgrade is then just replacing workers. Worker versioning
 * (pinned deployment versions) would keep each case on the code it started with, so old
 * workers would have to keep running until their cases drained: for user tasks that wait
 * days, that means running several versions side by side for days.
 *
 * The older commit is main just before the merges that brought `patched()`: its
 * workflow code writes the instance summary only at wait states and opens and completes
 * inbox rows with activities, where today's code (for new cases) keeps the summary
 * current with local activities and writes inbox rows with local activities; so the two
 * versions issue different commands for the same case.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionStack, type ProductionStack, type ProductProcess } from '../../local-stack/production.js';
import { createPool, type Pool } from '../../stores/db.js';
import { createUser } from '../../stores/bpm/identity.js';
import { workflowBundle } from '../../worker/create-worker.js';
import { INBOX_LOCAL_PATCH } from '../../workflows/ports/bookkeeping.js';
import { CURRENT_SUMMARY_PATCH } from '../../workflows/ports/summaries.js';
import { checkOutOlderCode, missingCommit, type OlderCode } from '../support/older-code.js';
import { countEffects, untilAllCompleted } from './effects.js';
import { eventually } from '../support/process-runner.js';

/** 1f2d0bd on main ("README: the test gate..."), the first parent of bb13b17 "Merge branch 'wt/sla'". */
const OLDER_COMMIT = '1f2d0bd06f232014542810544c16c6911dc3df59';
/** Its lock file resolves every package at today's version but this one, which only its API used. */
const NOT_NEEDED_BY_ITS_WORKER = ['@hono/zod-validator'];

const missing = await missingCommit(OLDER_COMMIT);
// A clone without the history must not pass by skipping: under CI it fails, saying why.
if (missing && process.env.CI) throw new Error(`CI=true and ${missing}; the rolling-upgrade test runs that commit's worker`);
if (missing) console.warn(`[rolling-upgrade] skipped: ${missing}`);

/**
 * The durability diagram as the older code deployed it: its models have no execution mode,
 * so every step runs as an activity. Deployed through today's API, `notify.send` would be
 * a local activity, which the older worker ignores and today's worker would not replay;
 * the header pins today's model to what an older deployment holds.
 */
const fixture = readFileSync(new URL('../durability/Durability.user-task-and-timer.bpmn', import.meta.url), 'utf8').replaceAll(
  'retries="3" />',
  'retries="3" /><zeebe:taskHeaders><zeebe:header key="executionMode" value="activity" /></zeebe:taskHeaders>',
);
const adminPassword = 'upgrade-admin-password';
const userPassword = 'upgrade-user-password';
const FULL_PATH = ['StartEvent_case', 'Task_notifyFirst', 'Task_review', 'Timer_cooldown', 'Task_notifySecond', 'EndEvent_case'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(base: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe.skipIf(Boolean(missing))('a rolling upgrade from an older commit to the current code (production shape)', () => {
  let dataDir: string;
  let older: OlderCode;
  let stack: ProductionStack;
  let pool: Pool;
  let connection: Connection;
  let client: Client;
  const tokens: Record<string, string> = {};
  let caseNo = 0;

  const api = () => stack.apis[0]!.url!;

  beforeAll(async () => {
    older = await checkOutOlderCode(OLDER_COMMIT, NOT_NEEDED_BY_ITS_WORKER);
    dataDir = await mkdtemp(join(tmpdir(), 'bpm-upgrade-'));
    stack = await startProductionStack({ dataDir, workers: 0, apis: 1, adminPassword, log: () => {} });
    for (let i = 0; i < 2; i++) await stack.startWorker({}, { codeDir: older.dir });
    pool = createPool(stack.databaseUrl, 4);
    await createUser(pool, { username: 'sam', name: 'Sam', password: userPassword, groups: ['sales'] });
    await createUser(pool, { username: 'mia', name: 'Mia', password: userPassword, groups: ['managers', 'designers'] });
    for (const username of ['sam', 'mia']) tokens[username] = (await call(api(), '/api/auth/login', undefined, { username, password: userPassword })).body.token;
    expect((await call(api(), '/api/deployments', tokens.mia, { name: 'durability.bpmn', xml: fixture })).status).toBe(201);
    connection = await Connection.connect({ address: stack.temporalAddress });
    client = new Client({ connection, namespace: 'default' });
  }, 300_000);

  afterAll(async () => {
    await connection?.close();
    await pool?.end();
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await older?.remove();
  }, 120_000);

  async function startCases(count: number): Promise<{ instanceIds: string[]; taskIds: string[] }> {
    const answers = await Promise.all(
      Array.from({ length: count }, () => call(api(), '/api/process-instances', tokens.sam, { processKey: 'durability', variables: { caseNo: ++caseNo } })),
    );
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const instanceIds = answers.map((answer) => answer.body.instanceId as string);
    const taskIds = await eventually(async () => {
      const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM bpm.tasks WHERE instance_id = ANY($1) AND state = 'open' ORDER BY id`, [instanceIds]);
      return rows.length === count ? rows.map((row) => row.id) : undefined;
    }, `${count} open review tasks`, 120_000);
    return { instanceIds, taskIds };
  }

  async function completeTasks(taskIds: string[]): Promise<void> {
    const answers = await Promise.all(taskIds.map((id) => call(api(), `/api/tasks/${id}/complete`, tokens.sam, { variables: { reviewed: true } })));
    if (answers.every((answer) => answer.status === 200)) return;
    // Say why: the failed workflow tasks of the instances behind the refused completions.
    const refused = answers.flatMap((answer, i) => (answer.status === 200 ? [] : [taskIds[i]!]));
    const { rows } = await pool.query<{ instance_id: string }>(`SELECT instance_id FROM bpm.tasks WHERE id = ANY($1)`, [refused]);
    const failures = await Promise.all(rows.map(async (row) => `${row.instance_id}: ${JSON.stringify((await historyOf(row.instance_id)).failedWorkflowTasks)}`));
    throw new Error(`completing ${refused.length} of ${taskIds.length} tasks failed: ${JSON.stringify(answers.find((answer) => answer.status !== 200))}; failed workflow tasks: ${failures.join('; ')}`);
  }

  /** SIGTERM to `old`, which must drain and exit 0, then a current-code worker in its place. */
  async function replace(old: ProductProcess): Promise<ProductProcess> {
    old.child.kill('SIGTERM');
    expect(await old.exited, old.output()).toEqual({ code: 0, signal: null });
    stack.workers.splice(stack.workers.indexOf(old), 1);
    return stack.startWorker();
  }

  /** Who completed each workflow task and which commands the run issued, from its history. */
  async function historyOf(instanceId: string) {
    const history = await client.workflow.getHandle(instanceId).fetchHistory();
    const events = history.events ?? [];
    // A patch marker's `patch-data` payload is JSON naming the patch: {"id":"inbox-local-v1",...}
    const patchOf = (event: (typeof events)[number]) => {
      const data = event.markerRecordedEventAttributes?.markerName === 'core_patch' ? event.markerRecordedEventAttributes.details?.['patch-data']?.payloads?.[0]?.data : undefined;
      return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id : undefined;
    };
    return {
      workflowId: instanceId,
      history,
      failedWorkflowTasks: events.filter((event) => event.workflowTaskFailedEventAttributes).map((event) => `${event.workflowTaskFailedEventAttributes!.failure?.message} (by ${event.workflowTaskFailedEventAttributes!.identity})`),
      workflowTaskWorkers: new Set(events.map((event) => event.workflowTaskCompletedEventAttributes?.identity).filter(Boolean)),
      inboxByActivity: events.some((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'openUserTask'),
      patches: [INBOX_LOCAL_PATCH, CURRENT_SUMMARY_PATCH].filter((patch) => events.some((event) => patchOf(event) === patch)),
      completed: events.some((event) => event.workflowExecutionCompletedEventAttributes),
    };
  }

  async function expectEachEffectOnce(instanceIds: string[]): Promise<{ lost: number; duplicated: number }> {
    await untilAllCompleted(pool, instanceIds, `all ${instanceIds.length} cases completed`);
    expect((await call(api(), `/api/process-instances/${instanceIds[0]}`, tokens.mia)).body.completedElements).toEqual(FULL_PATH);
    const { notifications, tasks, lost, duplicated } = await countEffects(pool, instanceIds);
    expect(notifications).toEqual({ rows: 2 * instanceIds.length, distinct: 2 * instanceIds.length });
    expect(tasks).toEqual({ rows: instanceIds.length, completed: instanceIds.length, instances: instanceIds.length });
    return { lost, duplicated };
  }

  it('should hand every case started on older-code workers over to current-code workers, each effect once, no workflow task failed', async () => {
    // given: 12 cases started on the older code, all waiting in their review task
    const [first, second] = [stack.workers[0]!, stack.workers[1]!];
    const oldIdentities = [first, second].map((worker) => `${worker.child.pid}@`);
    const { instanceIds, taskIds } = await startCases(12);
    // when: four reviews done (those cases enter the cooldown timer), the first older worker replaced
    await completeTasks(taskIds.slice(0, 4));
    const third = await replace(first);
    // four more reviews, then the second older worker replaced: only current code runs from here
    await completeTasks(taskIds.slice(4, 8));
    const fourth = await replace(second);
    await completeTasks(taskIds.slice(8));
    // and a case started after the upgrade takes the new path
    const after = await startCases(2);
    await completeTasks(after.taskIds);
    // then
    const { lost, duplicated } = await expectEachEffectOnce([...instanceIds, ...after.instanceIds]);
    const newIdentities = [third, fourth].map((worker) => `${worker.child.pid}@`);
    const ranOn = (workers: Set<unknown>, prefixes: string[]) => [...workers].some((identity) => prefixes.some((prefix) => String(identity).startsWith(prefix)));
    const histories = await Promise.all(instanceIds.map(historyOf));
    const handedOver = histories.filter((history) => ranOn(history.workflowTaskWorkers, oldIdentities) && ranOn(history.workflowTaskWorkers, newIdentities)).length;
    console.log(`[rolling-upgrade] ${instanceIds.length} cases started on ${OLDER_COMMIT.slice(0, 7)}, ${handedOver} of them continued on the current code, ${after.instanceIds.length} started after; lost ${lost}, duplicated ${duplicated}`);
    expect(histories.flatMap((history) => history.failedWorkflowTasks)).toEqual([]);
    // the older code's commands: summaries at wait states only, the inbox row opened by an activity
    expect(histories.map((history) => [history.completed, history.inboxByActivity, history.patches.includes(CURRENT_SUMMARY_PATCH)])).toEqual(histories.map(() => [true, true, false]));
    expect(handedOver).toBeGreaterThanOrEqual(8); // at least the cases reviewed after the first replacement
    const newer = await Promise.all(after.instanceIds.map(historyOf));
    expect(newer.map((history) => [history.failedWorkflowTasks, history.patches, history.inboxByActivity, history.completed])).toEqual(newer.map(() => [[], [INBOX_LOCAL_PATCH, CURRENT_SUMMARY_PATCH], false, true]));
    // Cases whose review was completed on current code took inbox-local-v1 from there on
    // (patched() is true outside replay); the whole of each history, old, mixed or new,
    // must replay on the current code, or the next worker restart would break them.
    const mixed = histories.filter((history) => history.patches.includes(INBOX_LOCAL_PATCH)).length;
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), replayName: 'rolling-upgrade' }, [...histories, ...newer])) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    console.log(`[rolling-upgrade] ${mixed} older cases switched to inbox-local-v1 mid-case; ${histories.length + newer.length} histories replayed on the current code, ${failures.length} failed`);
    expect(failures).toEqual([]);
  }, 300_000);
});
