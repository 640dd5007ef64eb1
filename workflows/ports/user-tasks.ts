/**
 * User tasks: an inbox row opened by an activity, completed by the completeTask update,
 * handed around by the taskAssigned signal, and raced by its SLA deadline timer.
 */
import { CancellationScope, condition, isCancellation, patched, setHandler, sleep, uuid4, workflowInfo } from '@temporalio/workflow';
import { parseDate } from '../../compiler/timers.js';
import type { CancellationHandle, UserTaskCompletion, UserTaskRequest } from '../../engine/ports.js';
import { completeTask, taskAssigned, type CompleteTaskInput } from '../messages.js';
import type { InstanceSummary } from '../../activities/index.js';
import type { ProcessStart } from '../process-start.js';
import { bookkeeping, type Cleanups } from './bookkeeping.js';
import { scopeOf } from './scopes.js';

export interface OpenTask {
  elementId: string;
  /** The inbox row exists (and the id is the row's): only then do queries list the task. */
  inInbox: boolean;
  completing: boolean;
  completion: UserTaskCompletion | null;
  /** Who may complete it, as the workflow knows it: kept current by taskAssigned. */
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
}

/** The SLA deadline timer (issue 9): new commands, so instances recorded before it replay without it. */
const SLA_DEADLINE_PATCH = 'sla-deadline-timer';

/**
 * Refuses a completion by someone who does not own the task. A completion without a
 * user is the system's own (tests, tools); without the user's groups only the assignee
 * and candidate users can be checked, and are.
 */
function refuseNonOwner(task: OpenTask, { completedBy, completedByGroups }: CompleteTaskInput): void {
  if (completedBy === undefined || completedBy === null) return;
  if (task.assignee !== null) {
    if (task.assignee !== completedBy) throw new Error(`Task is assigned to ${task.assignee}, not ${completedBy}`);
    return;
  }
  if (completedByGroups === undefined) return;
  const everyone = task.candidateGroups.length === 0 && task.candidateUsers.length === 0;
  const candidate = everyone || task.candidateUsers.includes(completedBy) || task.candidateGroups.some((group) => completedByGroups.includes(group));
  if (!candidate) throw new Error(`${completedBy} is not a candidate for this task`);
}

export class UserTaskPort {
  readonly openTasks = new Map<string, OpenTask>();

  constructor(
    private readonly start: ProcessStart,
    private readonly cleanups: Cleanups,
    /** The instance summary for the inbox activity to write first (SummaryPort.ride). */
    private readonly ride: () => InstanceSummary | undefined = () => undefined,
  ) {
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
        validator: (input) => {
          const { taskId, variables } = input;
          const task = this.openTasks.get(taskId);
          if (!task) throw new Error(`Task ${taskId} is not open in this instance`);
          if (task.completing || task.completion) throw new Error(`Task ${taskId} is already being completed`);
          refuseNonOwner(task, input);
          if (variables !== undefined && (variables === null || typeof variables !== 'object' || Array.isArray(variables))) {
            throw new Error('variables must be a JSON object');
          }
        },
      },
    );
    setHandler(taskAssigned, ({ taskId, assignee }) => {
      const task = this.openTasks.get(taskId);
      if (task) task.assignee = assignee;
    });
  }

  async openUserTask(request: UserTaskRequest, cancellation: CancellationHandle): Promise<UserTaskCompletion> {
    const proposedId = uuid4();
    const task: OpenTask = {
      elementId: request.elementId,
      inInbox: false,
      completing: false,
      completion: null,
      assignee: request.assignee,
      candidateGroups: request.candidateGroups,
      candidateUsers: request.candidateUsers,
    };
    // Known before the row exists, so that a completion racing the activity is not refused.
    this.openTasks.set(proposedId, task);
    let taskId = proposedId;
    try {
      return await scopeOf(cancellation).run(async () => {
        const opened = await bookkeeping.openUserTask({
          summary: this.ride(),
          taskId: proposedId,
          instanceId: workflowInfo().workflowId,
          elementId: request.elementId,
          loopCounter: request.loopCounter,
          name: request.name,
          processKey: this.start.processKey,
          businessKey: this.start.businessKey,
          assignee: request.assignee,
          candidateGroups: request.candidateGroups,
          candidateUsers: request.candidateUsers,
          instructions: request.instructions ?? null,
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
        task.inInbox = true;
        const deadline = this.raceDeadline(taskId, request.dueAt, task);
        await condition(() => task.completion !== null);
        deadline?.cancel();
        return task.completion!;
      });
    } catch (error) {
      if (isCancellation(error) && !task.completion) this.cleanups.add(() => bookkeeping.cancelUserTask({ taskId }));
      throw error;
    } finally {
      this.openTasks.delete(taskId);
    }
  }

  /**
   * The SLA (DESIGN decision 8): a timer for the due date races the task. When it fires
   * first, an idempotent activity records the breach and notifies; a due date already
   * past breaches at once. Runs in a scope below the task's, so a boundary event that
   * ends the task also ends the timer; once fired, the write is not cancelled by a
   * completion arriving meanwhile (the store orders the two).
   */
  private raceDeadline(taskId: string, dueAt: string | null, task: OpenTask): CancellationScope | null {
    if (dueAt === null) return null;
    // The shared timer rules: a due date without an offset is UTC on every worker (compiler/timers.ts).
    const parsed = parseDate(dueAt);
    if (!parsed.ok || !patched(SLA_DEADLINE_PATCH)) return null;
    const due = parsed.value;
    const timer = new CancellationScope();
    timer
      .run(() => sleep(Math.max(1, due - Date.now())))
      .then(
        () => {
          if (task.completion !== null) return;
          // Workflow time of the firing: the breach happened then, however long the write takes.
          const breachedAt = new Date(Date.now()).toISOString();
          this.cleanups.add(async () => void (await bookkeeping.recordSlaBreach({ taskId, breachedAt })));
        },
        () => {}, // cancelled: completed in time, or the task ended otherwise
      );
    return timer;
  }
}
