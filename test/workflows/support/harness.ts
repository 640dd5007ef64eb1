/**
 * A real Temporal worker and client on the suite's server and a fresh database, with
 * the engine fixtures deployed, for the workflow feature tests.
 */
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../../activities/index.js';
import type { ServiceTaskRequest, ServiceTaskResult } from '../../../activities/index.js';
import { compileBpmn } from '../../../compiler/compile.js';
import { applyExecutionModes } from '../../../deployments/execution-modes.js';
import type { ProcessModel } from '../../../compiler/model.js';
import { recordInstanceSummary } from '../../../stores/bpm/instances.js';
import { saveDeployment } from '../../../stores/bpm/definitions.js';
import { workflowBundle } from '../../../worker/create-worker.js';
import { instanceState, type InstanceState } from '../../../workflows/messages.js';
import type { ProcessStart } from '../../../workflows/process-start.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';
import { runTestJob } from '../../engine/support/test-jobs.js';
import { FAILURE_UNKNOWN_TYPE } from '../../../workflows/failures.js';

export interface Harness {
  db: TestDatabase;
  client: Client;
  taskQueue: string;
  worker: Worker;
  /** Idempotency keys of every test job run, in order. */
  jobKeys: string[];
  /** When each test job's activity returned (Date.now()), by idempotency key. */
  jobsDone: Map<string, number>;
  /** A file beside the engine tests, or a path under test/ (`conformance/camunda8/x.bpmn`). */
  deploy(fixture: string): Promise<ProcessModel[]>;
  start(processKey: string, variables?: Record<string, unknown>, workflowId?: string): Promise<WorkflowHandle>;
  state(handle: WorkflowHandle): Promise<InstanceState>;
  until(handle: WorkflowHandle, ready: (state: InstanceState) => boolean, timeoutMs?: number): Promise<InstanceState>;
  /** Polls the instance row (bpm.process_instances) until `ready`; the row as it was then. */
  untilRow(handle: WorkflowHandle, ready: (row: InstanceRow) => boolean, timeoutMs?: number): Promise<InstanceRow>;
  close(): Promise<void>;
}

export interface InstanceRow {
  status: string;
  active_elements: string[];
  completed_elements: string[];
  incident: { elementId: string; message: string } | null;
  incidents: Array<{ id: string; elementId: string; message: string; openedAt: string; retries: number }>;
  history: Array<{ elementId: string; name: string | null; startedAt: string; endedAt?: string; by?: string }>;
  variables: Record<string, unknown>;
}

export async function startHarness(name: string, options: { failingJobs?: Set<string>; serveEveryType?: boolean } = {}): Promise<Harness> {
  const address = inject('temporalAddress');
  const db = await freshDatabase();
  const taskQueue = `${name}-${randomUUID()}`;
  const jobKeys: string[] = [];
  const jobsDone = new Map<string, number>();
  const models = new Map<string, { model: ProcessModel; version: number }>();

  async function runServiceTask(request: ServiceTaskRequest): Promise<ServiceTaskResult> {
    if (request.summary) await recordInstanceSummary(db.pool, request.summary); // as the real activity does
    const key = `${request.instanceId}:${request.elementId}:${request.loopCounter}`;
    jobKeys.push(key);
    if (options.failingJobs?.has(request.elementId)) throw new Error(`${request.elementId} is down`);
    const outcome = runTestJob(request);
    jobsDone.set(key, Date.now());
    if ('bpmnError' in outcome) {
      throw ApplicationFailure.create({ message: outcome.bpmnError, type: 'BpmnError', nonRetryable: true, details: [{ code: outcome.bpmnError }] });
    }
    if ('failure' in outcome && outcome.failure.startsWith('unknown test job') && options.serveEveryType) {
      // the corpus test registers every type its diagrams name: each completes with its type
      jobsDone.set(key, Date.now());
      return { resultVariable: 'job', result: { type: request.taskType } };
    }
    if ('failure' in outcome && outcome.failure.startsWith('unknown test job')) {
      // as the real activity does for a type no worker serves (a FEEL type can name any)
      throw ApplicationFailure.nonRetryable(`No service-task type "${request.taskType}" is registered`, FAILURE_UNKNOWN_TYPE);
    }
    if ('failure' in outcome) throw new Error(outcome.failure);
    return { resultVariable: outcome.resultVariable ?? 'result', result: outcome.result };
  }

  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { ...createActivities({ pool: db.pool }), runServiceTask },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });

  const harness: Harness = {
    db,
    client,
    taskQueue,
    worker,
    jobKeys,
    jobsDone,
    async deploy(fixture) {
      const xml = await readFile(new URL(fixture.includes('/') ? `../../${fixture}` : `../../engine/${fixture}`, import.meta.url), 'utf8');
      const { ok, processes, errors } = await compileBpmn(xml);
      if (!ok) throw new Error(JSON.stringify(errors));
      applyExecutionModes(processes, new Map()); // the test job types have no registry: headers decide
      const saved = await saveDeployment(db.pool, { name: fixture, xml, xmlSha256: randomUUID(), deployedBy: null, processes });
      for (const [index, process] of saved.processes.entries()) {
        const model = processes.find((candidate) => candidate.id === process.key) ?? processes[index]!;
        models.set(process.key, { model, version: process.version });
      }
      return processes;
    },
    async start(processKey, variables = {}, workflowId = `${processKey}-${randomUUID()}`) {
      const deployed = models.get(processKey);
      if (!deployed) throw new Error(`deploy ${processKey} first`);
      const start: ProcessStart = { processKey, version: deployed.version, businessKey: null, model: deployed.model, variables };
      return client.workflow.start('runProcess', { taskQueue, workflowId, args: [start] });
    },
    state: (handle) => handle.query(instanceState),
    async until(handle, ready, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const state = await handle.query(instanceState);
        if (ready(state)) return state;
        if (Date.now() > deadline) throw new Error(`timed out; state: ${JSON.stringify(state)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async untilRow(handle, ready, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await db.pool.query<InstanceRow>(
          `SELECT status, active_elements, completed_elements, incident, incidents, history, variables FROM bpm.process_instances WHERE instance_id = $1`,
          [handle.workflowId],
        );
        if (rows[0] && ready(rows[0])) return rows[0];
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; row: ${JSON.stringify(rows[0] ?? null)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown(); // a test may have stopped it
      await running;
      await connection.close();
      await db.drop();
    },
  };
  return harness;
}
