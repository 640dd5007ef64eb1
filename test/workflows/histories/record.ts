/**
 * Records the Temporal histories that test/workflows/replay.test.ts replays against the
 * current workflow bundle: a representative set of short scenarios, each run to completion
 * on a real Temporal server and PostgreSQL, every run written as `<scenario>[.runN][.child-N].json`
 * beside this file, plus `index.json` (file -> workflowId, runId, recordedAt, git commit).
 *
 *   npx tsx test/workflows/histories/record.ts                 # every scenario, replacing its files
 *   npx tsx test/workflows/histories/record.ts hello parallel-user-task
 *   npx tsx test/workflows/histories/record.ts --tag v2        # writes <scenario>.v2.json beside the old ones
 *
 * Uses TEMPORAL_ADDRESS and DATABASE_URL when set, otherwise starts the embedded stack
 * (in-memory Temporal dev server, embedded PostgreSQL in a temporary directory). The
 * `continue-as-new` scenario runs on a second embedded dev server that suggests
 * continue-as-new after a few dozen events (instead of 4 096), so that its runs stay small;
 * with TEMPORAL_ADDRESS set it is skipped, with a note.
 *
 * Replace histories only when instances started by the old code are drained or migrated;
 * otherwise record new ones with --tag and keep the old files.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON, type History } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { createActivities, type ServiceTaskRequest, type ServiceTaskResult } from '../../../activities/index.js';
import { runnableTaskTypes } from '../../../activities/registry.js';
import { compileBpmn } from '../../../compiler/compile.js';
import { deployResources } from '../../../deployments/deploy-resources.js';
import { applyExecutionModes } from '../../../deployments/execution-modes.js';
import type { ProcessModel } from '../../../compiler/model.js';
import { startLocalPostgres } from '../../../local-stack/postgres.js';
import { freePort } from '../../../local-stack/ports.js';
import { findOrInstallTemporalCli } from '../../../local-stack/temporal-cli.js';
import { createPool, type Pool } from '../../../stores/db.js';
import { saveDeployment } from '../../../stores/bpm/definitions.js';
import { migrate } from '../../../stores/migrate.js';
import { workflowBundle } from '../../../worker/create-worker.js';
import { completeTask, deliverMessage, deliverSignal, instanceState, retryIncident, type InstanceState } from '../../../workflows/messages.js';
import type { ProcessStart } from '../../../workflows/process-start.js';
import { runTestJob } from '../../engine/support/test-jobs.js';

process.env.TZ = 'UTC'; // FEEL now() and dates must not depend on this machine's zone

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Events after which the embedded server suggests continue-as-new (default 4 096). */
const CONTINUE_AS_NEW_EVENTS = 40;

export interface HistoryIndexEntry {
  scenario: string;
  workflowId: string;
  runId: string;
  recordedAt: string;
  /** `git rev-parse HEAD` of the code that ran, `-dirty` when engine/workflows/compiler had changes. */
  commit: string;
}

export interface HistoryIndex {
  histories: Record<string, HistoryIndexEntry>;
}

interface Context {
  client: Client;
  pool: Pool;
  /** `${workflowId}:${elementId}` of jobs that fail until removed. */
  failing: Set<string>;
  start(processKey: string, variables: Record<string, unknown>, workflowId?: string): Promise<WorkflowHandleWithFirstExecutionRunId>;
  until(handle: WorkflowHandle, ready: (state: InstanceState) => boolean): Promise<InstanceState>;
  subscription(workflowId: string, messageName: string): Promise<void>;
}

interface Scenario {
  name: string;
  /** BPMN files, relative to the repository root, deployed before the run. */
  fixtures: string[];
  /** Runs on a Temporal server that suggests continue-as-new after a few dozen events. */
  earlyContinueAsNew?: boolean;
  run(ctx: Context): Promise<WorkflowHandleWithFirstExecutionRunId>;
}

const engine = (file: string) => `test/engine/${file}`;

const scenarios: Scenario[] = [
  {
    name: 'parallel-user-task',
    fixtures: [engine('ParallelGateway.fork-join.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('parallel', {});
      const state = await ctx.until(handle, (current) => current.openTasks.length === 1);
      await handle.executeUpdate(completeTask, { args: [{ taskId: state.openTasks[0]!.taskId, variables: { approved: true }, completedBy: 'ann' }] });
      expectEqual(pick(await handle.result(), ['approved']), { approved: true });
      return handle;
    },
  },
  {
    name: 'exclusive-gateway',
    fixtures: [engine('ExclusiveGateway.default.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('exclusive', { amount: 50 });
      expectEqual(await handle.result(), { amount: 50 });
      return handle;
    },
  },
  {
    name: 'inclusive-after-event-gateway-message',
    fixtures: [engine('InclusiveGateway.after-event-gateway.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('inclusiveAfterRace', { orderId: 'o-1', ship: true });
      await ctx.subscription(handle.workflowId, 'payment');
      await handle.signal(deliverMessage, { name: 'payment', correlationKey: 'o-1', variables: { paid: 99 } });
      const variables = await handle.result();
      expectEqual(pick(variables, ['orderId', 'paid']), { orderId: 'o-1', paid: 99 });
      expectEqual((await handle.query(instanceState)).completedElements.includes('book'), true);
      return handle;
    },
  },
  {
    name: 'mi-sub-process-deadline',
    fixtures: [engine('MultiInstance.sub-process-with-deadline.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('approvals', { items: ['ann', 'bob'] });
      await ctx.until(handle, (state) => state.openTasks.length === 2);
      const ann = await waitForRow(ctx.pool, `SELECT id FROM bpm.tasks WHERE instance_id = $1 AND assignee = 'ann'`, [handle.workflowId]);
      await handle.executeUpdate(completeTask, { args: [{ taskId: String(ann.id), variables: { decision: 'approved' } }] });
      expectEqual(await handle.result(), { items: ['ann', 'bob'], results: ['approved', 'rejected'] });
      return handle;
    },
  },
  {
    name: 'call-activity-error',
    fixtures: [engine('CallActivity.error-boundary.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('invoicing', { amount: 70, card: 'expired' });
      expectEqual(await handle.result(), { amount: 70, card: 'expired' });
      return handle;
    },
  },
  {
    name: 'message-boundary',
    fixtures: [engine('BoundaryEvent.message.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('boundaryMessage', { orderId: 'o-5' });
      await ctx.until(handle, (state) => state.openTasks.length === 1);
      await ctx.subscription(handle.workflowId, 'orderCancelled');
      await handle.signal(deliverMessage, { name: 'orderCancelled', correlationKey: 'o-5', variables: { reason: 'duplicate' } });
      expectEqual(await handle.result(), { orderId: 'o-5', reason: 'duplicate' });
      return handle;
    },
  },
  {
    name: 'incident-retry',
    fixtures: [engine('InclusiveGateway.after-event-gateway.bpmn')],
    async run(ctx) {
      // notifyWarehouse fails (retries=1): incident; fixed, then retried; the 2 s timer wins the race.
      const workflowId = `incident-retry-${randomBytes(4).toString('hex')}`;
      ctx.failing.add(`${workflowId}:notifyWarehouse`);
      const handle = await ctx.start('inclusiveAfterRace', { orderId: 'o-2', ship: true }, workflowId);
      await ctx.until(handle, (state) => state.status === 'incident');
      ctx.failing.delete(`${workflowId}:notifyWarehouse`);
      await handle.signal(retryIncident);
      const variables = await handle.result();
      expectEqual(pick(variables, ['orderId', 'ship']), { orderId: 'o-2', ship: true });
      expectEqual((await handle.query(instanceState)).completedElements.includes('remind'), true);
      return handle;
    },
  },
  {
    name: 'multi-instance',
    fixtures: [engine('MultiInstance.service-task.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('multiInstance', { items: [1, 2, 3] });
      expectEqual(await handle.result(), { items: [1, 2, 3], results: [2, 4, 6], sequentialResults: [11, 22, 33] });
      return handle;
    },
  },
  {
    name: 'continue-as-new',
    fixtures: [engine('Loop.counter.bpmn')],
    earlyContinueAsNew: true,
    async run(ctx) {
      const handle = await ctx.start('loop', { i: 0, n: 12 });
      expectEqual(await handle.result(), { i: 12, n: 12, tick: 12 });
      return handle;
    },
  },
  {
    // Issue 9: the SLA deadline timer wins the race; the breach is recorded, then the task is completed late.
    name: 'sla-breach',
    fixtures: ['test/api/Sla.deadline.bpmn'],
    async run(ctx) {
      const handle = await ctx.start('slaDeadline', { dueIn: 'PT1S' });
      const state = await ctx.until(handle, (current) => current.openTasks.length === 1);
      const taskId = state.openTasks[0]!.taskId;
      await waitForRow(ctx.pool, `SELECT task_id FROM bpm.sla_breaches WHERE task_id = $1`, [taskId]);
      await handle.executeUpdate(completeTask, { args: [{ taskId, variables: { answered: true }, completedBy: 'sam', completedByGroups: ['sales'] }] });
      expectEqual(pick(await handle.result(), ['answered']), { answered: true });
      return handle;
    },
  },
  {
    // Issue 9: the task wins the race; the deadline timer is cancelled and nothing breaches.
    name: 'sla-in-time',
    fixtures: ['test/api/Sla.deadline.bpmn'],
    async run(ctx) {
      const handle = await ctx.start('slaDeadline', { dueIn: 'PT1H' });
      const state = await ctx.until(handle, (current) => current.openTasks.length === 1);
      await handle.executeUpdate(completeTask, { args: [{ taskId: state.openTasks[0]!.taskId, variables: { answered: true }, completedBy: 'sam', completedByGroups: ['sales'] }] });
      expectEqual(pick(await handle.result(), ['answered']), { answered: true });
      return handle;
    },
  },
  {
    name: 'business-rule-task',
    // The decision is evaluated by the engine's own job (a local activity, as deployed).
    fixtures: ['test/decisions/Discount.rules.dmn', 'test/decisions/BusinessRuleTask.discount.bpmn'],
    async run(ctx) {
      const handle = await ctx.start('discount-check', { client: { revenue: 250_000 }, order: { total: 500 } });
      const state = await ctx.until(handle, (current) => current.openTasks.length === 1);
      await handle.executeUpdate(completeTask, { args: [{ taskId: state.openTasks[0]!.taskId, variables: { confirmedPercent: 5 }, completedBy: 'sam' }] });
      expectEqual(pick(await handle.result(), ['discount', 'confirmedPercent']), { discount: { percent: 5, reason: 'gold client' }, confirmedPercent: 5 });
      return handle;
    },
  },
  {
    // Issue 14: an interrupting message event sub-process ends the user task and completes the process.
    name: 'event-sub-process-message',
    fixtures: [engine('EventSubProcess.process-level.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('orderEvents', { orderId: 'o-7', stock: 5, qty: 1, notes: 0, reminderCycle: 'R1/PT1H' });
      await ctx.until(handle, (state) => state.openTasks.length === 1);
      await ctx.subscription(handle.workflowId, 'order-note');
      await handle.signal(deliverMessage, { name: 'order-note', correlationKey: 'o-7', variables: {} });
      await ctx.until(handle, (state) => state.completedElements.includes('onNote'));
      await ctx.subscription(handle.workflowId, 'cancel-order');
      await handle.signal(deliverMessage, { name: 'cancel-order', correlationKey: 'o-7', variables: { reason: 'duplicate' } });
      expectEqual(pick(await handle.result(), ['notes', 'reason']), { notes: 1, reason: 'duplicate' });
      return handle;
    },
  },
  {
    // Issue 14: a non-interrupting escalation event sub-process, then an escalation end event caught on the sub-process.
    name: 'escalation-sub-process',
    fixtures: [engine('EventSubProcess.in-sub-process.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('shippingEvents', { stuck: true });
      expectEqual(pick(await handle.result(), ['stuck', 'lateNoted']), { stuck: true, lateNoted: true });
      expectEqual((await handle.query(instanceState)).completedElements.includes('escalatedEnd'), true);
      return handle;
    },
  },
  {
    // Issue 14: a signal event sub-process inside a sub-process interrupts it.
    name: 'signal-event-sub-process',
    fixtures: [engine('EventSubProcess.in-sub-process.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('shippingEvents', { stuck: false });
      await ctx.until(handle, (state) => state.openTasks.length === 1);
      await ctx.subscription(handle.workflowId, 'halt-shipping');
      await handle.signal(deliverSignal, { name: 'halt-shipping', variables: {}, signalId: 'record-halt' });
      expectEqual((await handle.query(instanceState)).status, 'completed');
      await handle.result();
      return handle;
    },
  },
  {
    // Issue 14: signal catch and signal boundary event, each signalled by a broadcast.
    name: 'signal-catch',
    fixtures: [engine('SignalEvent.broadcast.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('signalWaiter', {});
      await ctx.subscription(handle.workflowId, 'stock-arrived');
      await ctx.subscription(handle.workflowId, 'stop-all');
      await handle.signal(deliverSignal, { name: 'stock-arrived', variables: { batch: 4 }, signalId: 'record-1' });
      await handle.signal(deliverSignal, { name: 'stop-all', variables: {}, signalId: 'record-2' });
      expectEqual(await handle.result(), { batch: 4 });
      return handle;
    },
  },
  {
    // Issue 14: signal throw and end events broadcast through an activity (and start signalStarted).
    name: 'signal-throw',
    fixtures: [engine('SignalEvent.broadcast.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('signalThrower', { batch: 5 });
      expectEqual(await handle.result(), { batch: 5 });
      return handle;
    },
  },
  {
    // Issue 14: a receive task gets its message; then a link throw jumps to its catch.
    name: 'receive-task',
    fixtures: [engine('ReceiveTask.message-boundary.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('awaitPayment', { invoiceId: 9, overdueAfter: 'PT1H' });
      await ctx.subscription(handle.workflowId, 'payment-received');
      await handle.signal(deliverMessage, { name: 'payment-received', correlationKey: '9', variables: { amount: 30 } });
      expectEqual(await handle.result(), { invoiceId: 9, overdueAfter: 'PT1H', paid: 30 });
      return handle;
    },
  },
  {
    // Issue 14: escalations of a called process reach the call activity's boundary events (FYI beside it, TOO_BIG interrupting).
    name: 'call-activity-escalation',
    fixtures: [engine('CallActivity.escalation.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('escalatingCaller', { big: true });
      expectEqual(pick(await handle.result(), ['big', 'informedByChild']), { big: true, informedByChild: true });
      expectEqual((await handle.query(instanceState)).completedElements.includes('tooBigEnd'), true);
      return handle;
    },
  },
  {
    name: 'link-event',
    fixtures: [engine('LinkEvent.jump.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('linked', {});
      expectEqual(await handle.result(), { steps: 2 });
      return handle;
    },
  },
  {
    name: 'hello',
    fixtures: ['processes/bpmn/hello.bpmn'],
    async run(ctx) {
      const handle = await ctx.start('hello', { name: 'Ada' });
      const variables = await handle.result();
      expectEqual((variables.notification as { body?: string } | undefined)?.body, 'Hello, Ada!');
      return handle;
    },
  },
  {
    name: 'feel-task-type',
    fixtures: [engine('JobTask.feel-type.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('feelTaskType', { action: { provider: 'echo', attempts: 2 }, title: 'quote' });
      expectEqual(pick(await handle.result(), ['echo']), { echo: { elementId: 'callProvider', title: 'quote' } });
      return handle;
    },
  },
  {
    name: 'execution-listeners',
    fixtures: [engine('ExecutionListeners.service-task.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('listeners', { title: 'order 8', fixed: true });
      // a start listener's result stays local to its element (Camunda 8): no flaky after audit
      expectEqual(pick(await handle.result(), ['startTick', 'tick', 'flaky']), { startTick: -1, tick: -2 });
      return handle;
    },
  },
  {
    name: 'execution-listeners-events',
    fixtures: [engine('ExecutionListeners.process-gateway-catch.bpmn')],
    async run(ctx) {
      // process, start event, gateway, message catch and end event listeners
      const handle = await ctx.start('listenedOrder', { title: 'order 9' });
      await ctx.subscription(handle.workflowId, 'listened-payment');
      await handle.signal(deliverMessage, { name: 'listened-payment', correlationKey: 'paid:order 9', variables: { paid: 12 } });
      expectEqual(pick(await handle.result(), ['paid', 'tick']), { paid: 12, tick: -2 });
      return handle;
    },
  },
  {
    name: 'execution-listeners-boundary-retry',
    fixtures: [engine('ExecutionListeners.boundary-retry.bpmn')],
    async run(ctx) {
      // an error boundary's end listener, then a throw event's failing start listener: incident, fixed, retried
      const workflowId = `execution-listeners-boundary-retry-${randomBytes(4).toString('hex')}`;
      ctx.failing.add(`${workflowId}:milestone`);
      const handle = await ctx.start('listenerRetry', { stock: 0, qty: 2, title: 'order 10' }, workflowId);
      await ctx.until(handle, (state) => state.status === 'incident');
      ctx.failing.delete(`${workflowId}:milestone`);
      await handle.signal(retryIncident);
      expectEqual(pick(await handle.result(), ['tick']), { tick: -1 });
      expectEqual((await handle.query(instanceState)).completedElements, ['start', 'outOfStock', 'milestone', 'backOrdered']);
      return handle;
    },
  },
  {
    name: 'execution-listeners-local-results',
    fixtures: [engine('ExecutionListeners.local-results.bpmn')],
    async run(ctx) {
      // since execution-listeners-v2: gateway, timer catch and signal throw start listener results stay local
      const handle = await ctx.start('listenerLocals', { title: '77' });
      expectEqual(await handle.result(), { title: '77', waited: 'PT1S' });
      return handle;
    },
  },
  {
    name: 'execution-listeners-feel-retry',
    fixtures: [engine('ExecutionListeners.feel-type-retry.bpmn')],
    async run(ctx) {
      // a listener's FEEL type gives nothing: incident; the retry runs the earlier listener again
      const handle = await ctx.start('listenerFeelRetry', {});
      await ctx.until(handle, (state) => state.status === 'incident');
      await handle.signal(retryIncident);
      expectEqual(await handle.result(), { tick: 1 });
      return handle;
    },
  },
  {
    name: 'call-activity-binding',
    fixtures: [engine('CallActivity.binding.bpmn'), engine('CallActivity.binding-child-v2.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('bindingCaller', {});
      expectEqual(pick(await handle.result(), ['latestGot', 'deploymentGot', 'taggedGot']), { latestGot: 'v2', deploymentGot: 'v1', taggedGot: 'v1' });
      return handle;
    },
  },
  {
    name: 'message-throw-job',
    fixtures: [engine('MessageThrowEvent.job.bpmn')],
    async run(ctx) {
      const handle = await ctx.start('messageJobs', { title: 'order 7' });
      expectEqual(pick(await handle.result(), ['tick']), { tick: 1 });
      return handle;
    },
  },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const tagAt = args.indexOf('--tag');
  const tag = tagAt >= 0 ? args.splice(tagAt, 2)[1] : undefined;
  if (tagAt >= 0 && !tag?.match(/^[\w-]+$/)) throw new Error('--tag needs a name of letters, digits, - or _');
  const unknown = args.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const selected = args.length > 0 ? scenarios.filter((scenario) => args.includes(scenario.name)) : scenarios;

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startStack();
  const pool = createPool(stack.databaseUrl, 10);
  const failing = new Set<string>();
  const activities = createActivities({ pool });
  async function runServiceTask(request: ServiceTaskRequest): Promise<ServiceTaskResult> {
    if (!request.taskType.startsWith('test.')) return activities.runServiceTask(request);
    if (failing.has(`${request.instanceId}:${request.elementId}`)) throw new Error(`${request.elementId} is down`);
    const outcome = runTestJob(request);
    if ('bpmnError' in outcome) {
      throw ApplicationFailure.create({ message: outcome.bpmnError, type: 'BpmnError', nonRetryable: true, details: [{ code: outcome.bpmnError }] });
    }
    if ('failure' in outcome) throw new Error(outcome.failure);
    return { resultVariable: outcome.resultVariable ?? 'result', result: outcome.result };
  }

  const deployed = new Map<string, { model: ProcessModel; version: number }>();
  const deployedFiles = new Set<string>();
  async function deploy(file: string): Promise<void> {
    if (deployedFiles.has(file)) return;
    const xml = await readFile(join(root, file), 'utf8');
    if (file.endsWith('.dmn')) {
      const outcome = await deployResources(pool, { name: file, resources: [{ name: file, content: xml }], deployedBy: null });
      if (!outcome.ok) throw new Error(`${file}: ${JSON.stringify(outcome.errors)}`);
      deployedFiles.add(file);
      return;
    }
    const { ok, processes, errors } = await compileBpmn(xml);
    if (!ok) throw new Error(`${file}: ${JSON.stringify(errors)}`);
    applyExecutionModes(processes, runnableTaskTypes); // as a real deployment does: local activities where the registry says so
    const saved = await saveDeployment(pool, { name: file, xml, xmlSha256: randomUUID(), deployedBy: null, processes });
    for (const process of saved.processes) deployed.set(process.key, { model: processes.find((model) => model.id === process.key)!, version: process.version });
    deployedFiles.add(file);
  }

  /** One worker and client per Temporal server (the ordinary one, the early continue-as-new one). */
  const sides = new Map<boolean, Promise<Context | null>>();
  const closing: Array<() => Promise<void>> = [];
  async function connect(earlyContinueAsNew: boolean): Promise<Context | null> {
    const address = await stack.temporalAddress(earlyContinueAsNew);
    if (!address) return null;
    const taskQueue = `histories-${randomUUID()}`;
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address }),
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: { ...activities, runServiceTask },
    });
    const running = worker.run();
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    closing.push(async () => {
      worker.shutdown();
      await running;
      await connection.close();
    });
    return {
      client,
      pool,
      failing,
      async start(processKey, variables, workflowId = `${processKey}-${randomBytes(4).toString('hex')}`) {
        const model = deployed.get(processKey);
        if (!model) throw new Error(`${processKey} is not deployed`);
        const start: ProcessStart = { processKey, version: model.version, businessKey: null, model: model.model, variables };
        return client.workflow.start('runProcess', { taskQueue, workflowId, args: [start], workflowExecutionTimeout: '2 minutes' });
      },
      async until(handle, ready) {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const state = await handle.query(instanceState);
          if (ready(state)) return state;
          if (Date.now() > deadline) throw new Error(`timed out; state: ${JSON.stringify(state)}`);
          await delay(100);
        }
      },
      async subscription(workflowId, messageName) {
        await waitForRow(pool, `SELECT 1 FROM bpm.message_subscriptions WHERE instance_id = $1 AND message_name = $2`, [workflowId, messageName]);
      },
    };
  }

  const indexFile = join(here, 'index.json');
  const index: HistoryIndex = existsSync(indexFile) ? (JSON.parse(await readFile(indexFile, 'utf8')) as HistoryIndex) : { histories: {} };
  const commit = gitCommit();
  try {
    for (const scenario of selected) {
      const early = scenario.earlyContinueAsNew ?? false;
      if (!sides.has(early)) sides.set(early, connect(early));
      const ctx = await sides.get(early)!;
      if (!ctx) {
        console.warn(`${scenario.name}: skipped (TEMPORAL_ADDRESS is set; only the embedded server suggests continue-as-new early)`);
        continue;
      }
      for (const fixture of scenario.fixtures) await deploy(fixture);
      const handle = await scenario.run(ctx);
      const base = tag ? `${scenario.name}.${tag}` : scenario.name;
      const runs = await collectRuns(ctx.client, handle.workflowId, handle.firstExecutionRunId, base);
      if (!tag) {
        // Replacing a scenario replaces all of its files (runs and children may differ now).
        for (const [name, entry] of Object.entries(index.histories)) {
          if (entry.scenario === scenario.name && (name === base || name.startsWith(`${base}.run`) || name.startsWith(`${base}.child-`))) {
            delete index.histories[name];
            await rm(join(here, `${name}.json`), { force: true });
          }
        }
      }
      for (const run of runs) {
        const json = historyToJSON(run.history);
        await writeFile(join(here, `${run.name}.json`), `${json}\n`);
        index.histories[run.name] = { scenario: scenario.name, workflowId: run.workflowId, runId: run.runId, recordedAt: new Date().toISOString(), commit };
        console.log(`${run.name}.json: ${run.history.events?.length ?? 0} events, ${(json.length / 1024).toFixed(1)} KB`);
      }
    }
  } finally {
    const sorted = Object.fromEntries(Object.entries(index.histories).sort(([a], [b]) => a.localeCompare(b)));
    await writeFile(indexFile, `${JSON.stringify({ histories: sorted }, null, 2)}\n`);
    for (const close of closing) await close();
    await pool.end();
    await stack.stop();
  }
}

interface RecordedRun {
  name: string;
  workflowId: string;
  runId: string;
  history: History;
}

/** Every run of the workflow (following continue-as-new) and, recursively, of its children. */
async function collectRuns(client: Client, workflowId: string, firstRunId: string, name: string): Promise<RecordedRun[]> {
  const runs: RecordedRun[] = [];
  let runId: string | undefined = firstRunId;
  let children = 0;
  for (let runNumber = 1; runId; runNumber += 1) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const last = events.at(-1);
    runs.push({ name: runNumber === 1 ? name : `${name}.run${runNumber}`, workflowId, runId, history });
    for (const event of events) {
      const child = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
      if (child?.workflowId && child.runId) {
        children += 1;
        runs.push(...(await collectRuns(client, child.workflowId, child.runId, `${name}.child-${children}`)));
      }
    }
    const ended = last?.workflowExecutionCompletedEventAttributes ?? last?.workflowExecutionFailedEventAttributes ?? last?.workflowExecutionContinuedAsNewEventAttributes;
    if (!ended) {
      throw new Error(`${workflowId} run ${runId} did not complete (last event ${String(last?.eventType)}); record finished runs only`);
    }
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

interface Stack {
  databaseUrl: string;
  /** The Temporal server to use; null when an early continue-as-new server cannot be had. */
  temporalAddress(earlyContinueAsNew: boolean): Promise<string | null>;
  stop(): Promise<void>;
}

async function startStack(): Promise<Stack> {
  const stopping: Array<() => Promise<void>> = [];
  const scratch = await mkdtemp(join(tmpdir(), 'bpm-histories-'));
  await chmod(scratch, 0o777); // embedded PostgreSQL runs as the `postgres` user under root
  stopping.push(() => rm(scratch, { recursive: true, force: true }));
  const stop = async () => {
    for (const step of [...stopping].reverse()) await step().catch(() => {});
  };
  try {
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      const postgres = await startLocalPostgres(join(scratch, 'pg'));
      stopping.push(() => postgres.stop());
      serverUrl = postgres.url;
    }
    // A database of its own, dropped afterwards.
    const name = `bpm_histories_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    stopping.push(() => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await migrate(url.toString());

    const servers = new Map<boolean, Promise<string | null>>();
    async function startServer(earlyContinueAsNew: boolean): Promise<string | null> {
      if (process.env.TEMPORAL_ADDRESS) return earlyContinueAsNew ? null : process.env.TEMPORAL_ADDRESS;
      const { executable } = await findOrInstallTemporalCli(join(root, '.data', 'temporal-cli'));
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable,
          ip: '127.0.0.1',
          port: await freePort(),
          ui: false,
          namespace: 'default',
          log: { format: 'pretty', level: 'error' },
          extraArgs: earlyContinueAsNew ? ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${CONTINUE_AS_NEW_EVENTS}`] : [],
        },
      });
      stopping.push(() => env.teardown());
      return env.address;
    }
    return {
      databaseUrl: url.toString(),
      temporalAddress(earlyContinueAsNew) {
        if (!servers.has(earlyContinueAsNew)) servers.set(earlyContinueAsNew, startServer(earlyContinueAsNew));
        return servers.get(earlyContinueAsNew)!;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'engine', 'workflows', 'compiler'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}

async function waitForRow(pool: Pool, sql: string, params: unknown[]): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { rows } = await pool.query(sql, params);
    if (rows[0]) return rows[0] as Record<string, unknown>;
    await delay(100);
  }
  throw new Error(`no row for ${sql} ${JSON.stringify(params)}`);
}

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

function expectEqual(actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
