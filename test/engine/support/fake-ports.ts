/**
 * Engine ports for plain vitest: jobs answered by handlers, user tasks and messages
 * completed by the test, timers that fire only when the test advances the clock.
 */
import { readFile } from 'node:fs/promises';
import { compileBpmn } from '../../../compiler/compile.js';
import type { ProcessModel } from '../../../compiler/model.js';
import {
  BpmnErrorSignal,
  ProcessInstance,
  type CancellationHandle,
  type ChildProcessRequest,
  type EnginePorts,
  type Incident,
  type InstanceSnapshot,
  type JobRequest,
  type JobResult,
  type MessageSubscription,
  type SignalBroadcast,
  type SignalSubscription,
  type UserTaskCompletion,
  type UserTaskRequest,
  type Variables,
} from '../../../engine/index.js';
import { JobFailure } from '../../../engine/index.js';
import { runTestJob } from './test-jobs.js';

function testJobHandler(request: JobRequest): JobResult {
  const outcome = runTestJob(request);
  if ('bpmnError' in outcome) throw new BpmnErrorSignal(outcome.bpmnError, `failed with ${outcome.bpmnError}`);
  if ('failure' in outcome) throw new JobFailure(outcome.failure);
  return outcome;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

class FakeScope implements CancellationHandle {
  cancelled = false;
  private readonly listeners = new Set<() => void>();

  constructor(parent: FakeScope | null) {
    parent?.onCancel(() => this.cancel());
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.cancelled ? Promise.reject(new Cancelled()) : work();
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const listener of [...this.listeners]) listener();
  }

  onCancel(listener: () => void): () => void {
    if (this.cancelled) listener();
    else this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A promise that rejects with Cancelled when `scope` is cancelled. */
function cancellable<T>(scope: CancellationHandle, executor: (resolve: (value: T) => void, reject: (error: unknown) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const off = (scope as FakeScope).onCancel(() => reject(new Cancelled()));
    executor(
      (value) => {
        off();
        resolve(value);
      },
      (error) => {
        off();
        reject(error);
      },
    );
  });
}

type JobHandler = (request: JobRequest) => JobResult | Promise<JobResult>;

interface Waiter<T, R> {
  request: R;
  scope: CancellationHandle;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export class FakePorts implements EnginePorts {
  clock = Date.parse('2025-01-01T00:00:00Z');
  readonly jobHandlers = new Map<string, JobHandler>();
  readonly jobs: JobRequest[] = [];
  readonly progress: InstanceSnapshot[] = [];
  readonly childModels = new Map<string, ProcessModel>();
  childRequests: ChildProcessRequest[] = [];
  private timers: Array<Waiter<void, number>> = [];
  private tasks: Array<Waiter<UserTaskCompletion, UserTaskRequest>> = [];
  private subscriptions: Array<Waiter<Variables, MessageSubscription>> = [];
  private incidents: Array<Waiter<void, Incident>> = [];
  private readonly signalSubscriptions: Array<Waiter<Variables, SignalSubscription>> = [];
  /** Signals the process threw; each also reaches this instance's own waiting catches, as a broadcast does. */
  readonly broadcasts: SignalBroadcast[] = [];
  private readonly callers: Array<(escalationCode: string) => void> = [];
  suggestContinueAsNew = false;

  now(): number {
    return this.clock;
  }

  createScope(parent: CancellationHandle | null): CancellationHandle {
    return new FakeScope(parent as FakeScope | null);
  }

  isCancellation(error: unknown): boolean {
    return error instanceof Cancelled;
  }

  async runJob(request: JobRequest, scope: CancellationHandle): Promise<JobResult> {
    this.jobs.push(request);
    const handler = this.jobHandlers.get(request.taskType) ?? testJobHandler;
    return cancellable(scope, (resolve, reject) => {
      Promise.resolve()
        .then(() => handler(request))
        .then(resolve, reject);
    });
  }

  openUserTask(request: UserTaskRequest, scope: CancellationHandle): Promise<UserTaskCompletion> {
    return this.wait(this.tasks, request, scope);
  }

  sleep(durationMs: number, scope: CancellationHandle): Promise<void> {
    return this.wait(this.timers, this.clock + durationMs, scope);
  }

  waitForMessage(subscription: MessageSubscription, scope: CancellationHandle): Promise<Variables> {
    return this.wait(this.subscriptions, subscription, scope);
  }

  waitForSignal(subscription: SignalSubscription, scope: CancellationHandle): Promise<Variables> {
    return this.wait(this.signalSubscriptions, subscription, scope);
  }

  async broadcastSignal(broadcast: SignalBroadcast): Promise<void> {
    this.broadcasts.push(broadcast);
    this.deliverSignal(broadcast.signalName, broadcast.variables);
  }

  async startChildProcess(request: ChildProcessRequest, scope: CancellationHandle, onEscalation?: (escalationCode: string) => void): Promise<Variables> {
    this.childRequests.push(request);
    const model = this.childModels.get(request.processKey);
    if (!model) throw new Error(`no child model ${request.processKey}`);
    const child = new ProcessInstance({ model, ports: this, variables: request.variables, isCalledProcess: true });
    // The called process shares these ports: its escalations go to the innermost caller.
    this.callers.push(onEscalation ?? (() => {}));
    const running = child.run();
    void running.then(() => this.callers.pop(), () => this.callers.pop());
    return cancellable(scope, (resolve, reject) => {
      running.then((outcome) => resolve(outcome.kind === 'completed' ? outcome.variables : {}), reject);
    });
  }

  async escalateToCaller(escalationCode: string): Promise<void> {
    this.callers.at(-1)?.(escalationCode);
  }

  waitForIncidentResolution(incident: Incident, scope: CancellationHandle): Promise<void> {
    return this.wait(this.incidents, incident, scope);
  }

  async recordProgress(snapshot: InstanceSnapshot): Promise<void> {
    this.progress.push(snapshot);
  }

  continueAsNewSuggested(): boolean {
    return this.suggestContinueAsNew;
  }

  // ---- what the test does ----

  openTasks(): UserTaskRequest[] {
    return this.tasks.filter((task) => !task.scope.cancelled).map((task) => task.request);
  }

  openSubscriptions(): MessageSubscription[] {
    return this.subscriptions.filter((entry) => !entry.scope.cancelled).map((entry) => entry.request);
  }

  openIncidents(): Incident[] {
    return this.incidents.filter((entry) => !entry.scope.cancelled).map((entry) => entry.request);
  }

  pendingTimers(): number[] {
    return this.timers.filter((timer) => !timer.scope.cancelled).map((timer) => timer.request - this.clock);
  }

  async completeTask(elementId: string, variables: Variables = {}, completedBy = 'tester'): Promise<void> {
    const task = this.take(this.tasks, (request) => request.elementId === elementId);
    task.resolve({ variables, completedBy });
    await settle();
  }

  async correlate(messageName: string, correlationKey: string | null, variables: Variables = {}): Promise<void> {
    const entry = this.take(this.subscriptions, (request) => request.messageName === messageName && request.correlationKey === correlationKey);
    entry.resolve(variables);
    await settle();
  }

  openSignalSubscriptions(): SignalSubscription[] {
    return this.signalSubscriptions.filter((entry) => !entry.scope.cancelled).map((entry) => entry.request);
  }

  /** A broadcast: every catch waiting for `signalName` now gets it; none waiting, nothing happens. */
  async signal(signalName: string, variables: Variables = {}): Promise<void> {
    this.deliverSignal(signalName, variables);
    await settle();
  }

  private deliverSignal(signalName: string, variables: Variables): void {
    const waiting = this.signalSubscriptions.filter((entry) => !entry.scope.cancelled && entry.request.signalName === signalName);
    for (const entry of waiting) {
      this.signalSubscriptions.splice(this.signalSubscriptions.indexOf(entry), 1);
      entry.resolve(variables);
    }
  }

  async retryIncident(elementId: string): Promise<void> {
    this.take(this.incidents, (request) => request.elementId === elementId).resolve();
    await settle();
  }

  /** Moves the clock on, firing due timers in time order (each fully settled before the next). */
  async advance(ms: number): Promise<void> {
    const until = this.clock + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((timer) => !timer.scope.cancelled && timer.request <= until).sort((a, b) => a.request - b.request)[0];
      if (!due) break;
      this.clock = Math.max(this.clock, due.request);
      this.timers.splice(this.timers.indexOf(due), 1);
      due.resolve();
    }
    this.clock = until;
    await settle();
  }

  private wait<T, R>(list: Array<Waiter<T, R>>, request: R, scope: CancellationHandle): Promise<T> {
    return cancellable<T>(scope, (resolve, reject) => {
      const waiter: Waiter<T, R> = { request, scope, resolve, reject };
      list.push(waiter);
      (scope as FakeScope).onCancel(() => list.splice(list.indexOf(waiter), 1));
    });
  }

  private take<T, R>(list: Array<Waiter<T, R>>, matches: (request: R) => boolean): Waiter<T, R> {
    const index = list.findIndex((entry) => !entry.scope.cancelled && matches(entry.request));
    if (index < 0) throw new Error('nothing waits for that');
    return list.splice(index, 1)[0]!;
  }
}

/** Lets every promise chain that can move, move. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 20; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

export async function loadModel(fixture: string, processId?: string): Promise<ProcessModel> {
  const xml = await readFile(new URL(`../${fixture}`, import.meta.url), 'utf8');
  const { ok, processes, errors } = await compileBpmn(xml);
  if (!ok) throw new Error(`${fixture}: ${errors.map((error) => `${error.elementId}: ${error.message}`).join('; ')}`);
  const model = processId ? processes.find((process) => process.id === processId) : processes[0];
  if (!model) throw new Error(`${fixture}: no process ${processId}`);
  return model;
}

/** Starts an instance on fake ports; `outcome` settles when it ends. */
export function start(model: ProcessModel, ports: FakePorts, variables: Variables = {}) {
  const instance = new ProcessInstance({ model, ports, variables });
  const outcome = instance.run();
  outcome.catch(() => {});
  return { instance, outcome };
}

export const bpmnError = (code: string) => new BpmnErrorSignal(code, `failed with ${code}`);
