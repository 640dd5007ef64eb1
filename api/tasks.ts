import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { Hono } from 'hono';
import { z } from 'zod';
import { validateSubmission } from '../forms/validate-submission.js';
import type { Pool } from '../stores/db.js';
import type { User } from '../stores/identity.js';
import { findTask, listTasks, markTaskCompleted, setAssignee, type InboxTask } from '../stores/tasks.js';
import { completeTask } from '../workflows/messages.js';
import type { AuthVariables } from './auth.js';
import { MAX_VARIABLES_BYTES } from './process-instances.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';

const inboxQuery = z.object({
  filter: z.enum(['mine', 'group', 'all']).default('all'),
  state: z.enum(['open', 'completed', 'cancelled']).default('open'),
  processKey: z.string().min(1).optional(),
});

const completion = z.object({ variables: z.record(z.string(), z.unknown()).default({}) });

/** A candidate: named among the candidate users, or in one of the candidate groups. */
function isCandidate(task: InboxTask, user: User): boolean {
  return task.candidateUsers.includes(user.username) || task.candidateGroups.some((group) => user.groups.includes(group));
}

/** Who may act on a task, checked on the server (DESIGN decision 8). */
function mayWorkOn(task: InboxTask, user: User): boolean {
  return task.assignee === user.username || (task.assignee === null && isCandidate(task, user));
}

async function openTask(pool: Pool, taskId: string): Promise<InboxTask> {
  const task = await findTask(pool, taskId);
  if (!task) throw new HttpProblem(404, `No task ${taskId}`);
  if (task.state !== 'open') throw new HttpProblem(409, `Task ${taskId} is ${task.state}, no longer open`);
  return task;
}

export function taskRoutes({ pool, temporal }: { pool: Pool; temporal: Client }) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/', validate('query', inboxQuery), async (c) => c.json(await listTasks(pool, c.get('user'), c.req.valid('query'))))
    .get('/:id', async (c) => {
      const task = await findTask(pool, c.req.param('id'));
      if (!task) throw new HttpProblem(404, `No task ${c.req.param('id')}`);
      return c.json(task);
    })
    .post('/:id/claim', async (c) => {
      const user = c.get('user');
      const task = await openTask(pool, c.req.param('id'));
      if (task.assignee === user.username) return c.json(task);
      if (task.assignee !== null) throw new HttpProblem(409, `Task ${task.id} is already claimed by ${task.assignee}`);
      if (!isCandidate(task, user)) throw new HttpProblem(403, `You are not a candidate for task ${task.id}`);
      if (!(await setAssignee(pool, task.id, null, user.username))) throw new HttpProblem(409, `Task ${task.id} was claimed or closed meanwhile`);
      return c.json(await findTask(pool, task.id));
    })
    .post('/:id/unclaim', async (c) => {
      const user = c.get('user');
      const task = await openTask(pool, c.req.param('id'));
      if (task.assignee !== user.username && !user.groups.includes('admin')) {
        throw new HttpProblem(403, `Only the assignee (${task.assignee ?? 'nobody'}) may give task ${task.id} back`);
      }
      if (!(await setAssignee(pool, task.id, task.assignee, null))) throw new HttpProblem(409, `Task ${task.id} changed meanwhile`);
      return c.json(await findTask(pool, task.id));
    })
    .post('/:id/complete', validate('json', completion), async (c) => {
      const user = c.get('user');
      const { variables } = c.req.valid('json');
      const task = await openTask(pool, c.req.param('id'));
      if (!mayWorkOn(task, user)) {
        throw new HttpProblem(403, task.assignee ? `Task ${task.id} is assigned to ${task.assignee}` : `You are not a candidate for task ${task.id}`);
      }
      if (Buffer.byteLength(JSON.stringify(variables)) > MAX_VARIABLES_BYTES) {
        throw new HttpProblem(422, `variables are larger than ${MAX_VARIABLES_BYTES} bytes`, [{ field: 'variables', message: 'too large' }]);
      }
      const problems = validateSubmission(task.form, variables);
      if (problems.length) throw new HttpProblem(422, `The form refuses: ${problems.map((p) => p.message).join('; ')}`, problems);
      try {
        await temporal.workflow
          .getHandle(task.instanceId)
          .executeUpdate(completeTask, { args: [{ taskId: task.id, variables, completedBy: user.username }] });
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) {
          throw new HttpProblem(409, `Task ${task.id} can no longer be completed: ${(error.cause as Error | undefined)?.message ?? error.message}`);
        }
        throw error;
      }
      // The workflow records it too; writing here makes the answer show the completed task.
      await markTaskCompleted(pool, task.id, user.username, variables);
      return c.json(await findTask(pool, task.id));
    });
}
