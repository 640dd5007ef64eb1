/**
 * The engine ports, implemented with Temporal: jobs and inbox rows as activities, user
 * task completion as a Workflow Update, messages and incident retries as signals,
 * timers as workflow timers, call activities as child workflows, and the engine's
 * cancellation handles as CancellationScopes.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  condition,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ProcessInstance } from '../engine/instance.js';
import {
  BpmnErrorSignal,
  JobFailure,
  type CancellationHandle,
  type ChildProcessRequest,
  type EnginePorts,
  type Incident,
  type InstanceSnapshot,
  type JobRequest,
  type JobResult,
  type MessageSubscription,
  type UserTaskCompletion,
  type UserTaskRequest,
  type Variables,
} from '../engine/ports.js';
import { completeTask, deliverMessage, retryIncident, type DeliverMessageInput } from './messages.js';
import { PROCESS_WORKFLOW, type ProcessStart } from './process-start.js';

const FAILURE_BPMN_ERROR = 'BpmnError';
const MAX_BUFFERED_MESSAGES = 100;

// Inbox rows, summaries and subscriptions are single idempotent writes: a short timeout
// lets a write held by a dead worker run again on another within seconds.
const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

class TemporalHandle implements CancellationHandle {
  constructor(readonly scope: CancellationScope) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.scope.run(work);
  }

  cancel(): void {
    this.scope.cancel();
  }

  get cancelled(): boolean {
    return this.scope.consideredCancelled;
  }
}

const scopeOf = (handle: CancellationHandle) => (handle as TemporalHandle).scope;

interface OpenTask {
  elementId: string;
  completing: boolean;
  completion: UserTaskCompletion | null;
}

interface MessageWaiter {
  subscription: MessageSubscription;
  received: Variables | null;
}

export class TemporalPorts implements EnginePorts {
  readonly openTasks = new Map<string, OpenTask>();
  private readonly waiters: MessageWaiter[] = [];
  private readonly buffered: DeliverMessageInput[];
  private readonly cleanups = new Set<Promise<void>>();
  private readonly jobProxies = new Map<number, Activities['runServiceTask']>();
  private retryGeneration = 0;
  private subscriptionSeq = 0;
  instance: ProcessInstance | null = null;

  constructor(private readonly start: ProcessStart) {
    this.buffered = [...(start.pendingMessages ?? [])];
    setHandler(
      completeTask,
      async ({ taskId, variables, completedBy }) => {
        const task = this.openTasks.get(taskId)!;
        task.completing = true;
        const completion = { variables: variables ?? {}, completedBy: completedBy ?? null };
        await bookkeeping.completeUserTask({ taskId, completedBy: completion.completedBy, variables: completion.variables });
        task.completion = completion;
        return { taskId, elementId: task.elementId };
      },
      {
        // Synchronous on purpose: an async validator is silently not applied.
        validator: ({ taskId, variables }) => {
          const task = this.openTasks.get(taskId);
          if (!task) throw new Error(`Task ${taskId} is not open in this instance`);
          if (task.completing || task.completion) throw new Error(`Task ${taskId} is already being completed`);
          if (variables !== undefined && (variables === null || typeof variables !== 'object' || Array.isArray(variables))) {
            throw new Error('variables must be a JSON object');
          }
        },
      },
    );
    setHandler(deliverMessage, (message) => this.deliver(message));
    setHandler(retryIncident, () => {
      this.retryGeneration += 1;
    });
  }

  get instanceId(): string {
    return workflowInfo().workflowId;
  }

  /** Messages nobody waited for yet, for continue-as-new. */
  pendingMessages(): DeliverMessageInput[] {
    return [...this.buffered];
  }

  /** Cleanup activities started after a cancellation (inbox rows, subscriptions). */
  async drain(): Promise<void> {
    while (this.cleanups.size > 0) await Promise.allSettled([...this.cleanups]);
  }

  now(): number {
    return Date.now(); // workflow time inside the sandbox
  }

  createScope(parent: CancellationHandle | null): CancellationHandle {
    return new TemporalHandle(new CancellationScope({ cancellable: true, parent: parent ? scopeOf(parent) : CancellationScope.current() }));
  }

  isCancellation(error: unknown): boolean {
    return isCancellation(error);
  }

  async runJob(request: JobRequest, cancellation: CancellationHandle): Promise<JobResult> {
    const runServiceTask = this.jobProxy(request.retries);
    try {
      return await scopeOf(cancellation).run(() =>
        runServiceTask({
          instanceId: this.instanceId,
          elementId: request.elementId,
          loopCounter: request.loopCounter,
          taskType: request.taskType,
          variables: request.variables,
          headers: request.headers,
        }),
      );
    } catch (error) {
      if (isCancellation(error)) throw error;
      const cause = error instanceof ActivityFailure ? error.cause : error;
      if (cause instanceof ApplicationFailure && cause.type === FAILURE_BPMN_ERROR) {
        const details = cause.details?.[0] as { code?: string } | undefined;
        throw new BpmnErrorSignal(details?.code ?? '', cause.message);
      }
      throw new JobFailure(cause instanceof Error ? cause.message : String(cause));
    }
  }

  async openUserTask(request: UserTaskRequest, cancellation: CancellationHandle): Promise<UserTaskCompletion> {
    const proposedId = uuid4();
    const task: OpenTask = { elementId: request.elementId, completing: false, completion: null };
    // Known before the row exists, so that a completion racing the activity is not refused.
    this.openTasks.set(proposedId, task);
    let taskId = proposedId;
    try {
      return await scopeOf(cancellation).run(async () => {
        const opened = await bookkeeping.openUserTask({
          taskId: proposedId,
          instanceId: this.instanceId,
          elementId: request.elementId,
          loopCounter: request.loopCounter,
          name: request.name,
          processKey: this.start.processKey,
          businessKey: this.start.businessKey,
          assignee: request.assignee,
          candidateGroups: request.candidateGroups,
          candidateUsers: request.candidateUsers,
          dueAt: request.dueAt,
          followUpAt: request.followUpAt,
          priority: request.priority,
          form: request.form,
          variables: request.variables,
        });
        if (opened.taskId !== proposedId) {
          this.openTasks.delete(proposedId);
          taskId = opened.taskId;
          this.openTasks.set(taskId, task);
        }
        await condition(() => task.completion !== null);
        return task.completion!;
      });
    } catch (error) {
      if (isCancellation(error) && !task.completion) this.cleanup(() => bookkeeping.cancelUserTask({ taskId }));
      throw error;
    } finally {
      this.openTasks.delete(taskId);
    }
  }

  sleep(durationMs: number, cancellation: CancellationHandle): Promise<void> {
    return scopeOf(cancellation).run(() => sleep(Math.max(1, durationMs)));
  }

  async waitForMessage(subscription: MessageSubscription, cancellation: CancellationHandle): Promise<Variables> {
    const waiter: MessageWaiter = { subscription, received: null };
    const early = this.buffered.findIndex((message) => matches(subscription, message));
    if (early >= 0) return this.buffered.splice(early, 1)[0]!.variables ?? {};
    this.waiters.push(waiter);
    this.subscriptionSeq += 1;
    const subscriptionId = `${this.instanceId}:${subscription.elementId}:${workflowInfo().runId}:${this.subscriptionSeq}`;
    try {
      return await scopeOf(cancellation).run(async () => {
        await bookkeeping.openMessageSubscription({
          subscriptionId,
          instanceId: this.instanceId,
          elementId: subscription.elementId,
          messageName: subscription.messageName,
          correlationKey: subscription.correlationKey,
        });
        await condition(() => waiter.received !== null);
        return waiter.received!;
      });
    } finally {
      const index = this.waiters.indexOf(waiter);
      if (index >= 0) this.waiters.splice(index, 1);
      this.cleanup(() => bookkeeping.closeMessageSubscription({ subscriptionId }));
    }
  }

  async startChildProcess(request: ChildProcessRequest, cancellation: CancellationHandle): Promise<Variables> {
    try {
      return await scopeOf(cancellation).run(async () => {
        const loaded = await bookkeeping.loadProcessModel({ processKey: request.processKey });
        const childStart: ProcessStart = {
          processKey: loaded.processKey,
          version: loaded.version,
          businessKey: this.start.businessKey,
          model: loaded.model,
          variables: request.variables,
          isCalledProcess: true,
        };
        return (await executeChild(PROCESS_WORKFLOW, {
          workflowId: `${this.instanceId}:${request.elementId}:${request.loopCounter}`,
          args: [childStart],
        })) as Variables;
      });
    } catch (error) {
      if (isCancellation(error)) throw error;
      const cause = error instanceof ChildWorkflowFailure || error instanceof ActivityFailure ? error.cause : error;
      if (cause instanceof ApplicationFailure && cause.type === FAILURE_BPMN_ERROR) {
        const details = cause.details?.[0] as { code?: string } | undefined;
        throw new BpmnErrorSignal(details?.code ?? '', cause.message);
      }
      throw new JobFailure(cause instanceof Error ? cause.message : String(cause));
    }
  }

  async waitForIncidentResolution(_incident: Incident, cancellation: CancellationHandle): Promise<void> {
    const seen = this.retryGeneration;
    await scopeOf(cancellation).run(() => condition(() => this.retryGeneration > seen));
  }

  async recordProgress(snapshot: InstanceSnapshot): Promise<void> {
    await this.recordSummary(snapshot, false);
  }

  async recordSummary(snapshot: InstanceSnapshot, ended: boolean): Promise<void> {
    await bookkeeping.recordInstanceSummary({
      instanceId: this.instanceId,
      processKey: this.start.processKey,
      version: this.start.version,
      businessKey: this.start.businessKey,
      status: snapshot.status,
      variables: snapshot.variables,
      activeElements: snapshot.activeElements,
      completedElements: snapshot.completedElements,
      incident: snapshot.incidents[0] ?? null,
      warnings: snapshot.warnings,
      ended,
    });
  }

  continueAsNewSuggested(): boolean {
    return workflowInfo().continueAsNewSuggested;
  }

  private deliver(message: DeliverMessageInput): void {
    const waiter = this.waiters.find((candidate) => candidate.received === null && matches(candidate.subscription, message));
    if (waiter) {
      waiter.received = message.variables ?? {};
      return;
    }
    // Camunda buffers a message for its time to live; we keep a bounded few for a wait about to open.
    if (this.buffered.length < MAX_BUFFERED_MESSAGES) this.buffered.push(message);
  }

  private jobProxy(retries: number): Activities['runServiceTask'] {
    let proxy = this.jobProxies.get(retries);
    if (!proxy) {
      proxy = proxyActivities<Activities>({
        startToCloseTimeout: '5 minutes',
        // runServiceTask heartbeats while it runs: a step on a worker that died (SIGKILL,
        // lost machine) is retried after this, not after the 5 minutes above.
        heartbeatTimeout: '15 seconds',
        retry: { maximumAttempts: Math.max(1, retries), initialInterval: '1 second', maximumInterval: '30 seconds' },
      }).runServiceTask;
      this.jobProxies.set(retries, proxy);
    }
    return proxy;
  }

  private cleanup(work: () => Promise<void>): void {
    const running: Promise<void> = CancellationScope.nonCancellable(work)
      .catch(() => {})
      .finally(() => this.cleanups.delete(running));
    this.cleanups.add(running);
  }
}

function matches(subscription: MessageSubscription, message: DeliverMessageInput): boolean {
  return subscription.messageName === message.name && (subscription.correlationKey ?? null) === (message.correlationKey ?? null);
}
