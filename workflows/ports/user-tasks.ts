/** User tasks: an inbox row opened by an activity, completed by the completeTask update. */
import { condition, isCancellation, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { CancellationHandle, UserTaskCompletion, UserTaskRequest } from '../../engine/ports.js';
import { completeTask } from '../messages.js';
import type { ProcessStart } from '../process-start.js';
import { bookkeeping, type Cleanups } from './bookkeeping.js';
import { scopeOf } from './scopes.js';

export interface OpenTask {
  elementId: string;
  /** The inbox row exists (and the id is the row's): only then do queries list the task. */
  inInbox: boolean;
  completing: boolean;
  completion: UserTaskCompletion | null;
}

export class UserTaskPort {
  readonly openTasks = new Map<string, OpenTask>();

  constructor(
    private readonly start: ProcessStart,
    private readonly cleanups: Cleanups,
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
  }

  async openUserTask(request: UserTaskRequest, cancellation: CancellationHandle): Promise<UserTaskCompletion> {
    const proposedId = uuid4();
    const task: OpenTask = { elementId: request.elementId, inInbox: false, completing: false, completion: null };
    // Known before the row exists, so that a completion racing the activity is not refused.
    this.openTasks.set(proposedId, task);
    let taskId = proposedId;
    try {
      return await scopeOf(cancellation).run(async () => {
        const opened = await bookkeeping.openUserTask({
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
        await condition(() => task.completion !== null);
        return task.completion!;
      });
    } catch (error) {
      if (isCancellation(error) && !task.completion) this.cleanups.add(() => bookkeeping.cancelUserTask({ taskId }));
      throw error;
    } finally {
      this.openTasks.delete(taskId);
    }
  }
}
