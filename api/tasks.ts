import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { Hono } from 'hono';
import { z } from 'zod';
import { validateSubmission } from '../forms/validate-submission.js';
import type { Pool } from '../stores/db.js';
import { appendAudit } from '../stores/bpm/audit.js';
import { findActiveUser, type User } from '../stores/bpm/identity.js';
import { addComment, completeTaskRow, findTask, listTasks, reassignTask, taskHistory, type InboxTask } from '../stores/bpm/tasks.js';
import { completeTask, taskAssigned } from '../workflows/messages.js';
import type { AuthVariables } from './auth.js';
import { MAX_VARIABLES_BYTES } from './process-instances.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { taskCommentSchema, taskHistoryEntrySchema, taskSchema } from './schemas/tasks.js';

const MAX_PAGE = 500;

const inboxQuery = z.object({
  filter: z.enum(['mine', 'group', 'all']).default('all'),
  state: z.enum(['open', 'completed', 'cancelled']).default('open'),
  processKey: z.string().min(1).optional(),
  sort: z.enum(['dueAt', 'priority', 'createdAt']).default('dueAt'),
  breached: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  businessKey: z.string().min(1).max(200).optional(),
  q: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  after: z.string().min(1).max(1000).optional(),
});

const completion = z.object({ variables: z.record(z.string(), z.unknown()).default({}) });
const delegation = z.object({ to: z.string().min(1).max(64) });
const comment = z.object({ text: z.string().trim().min(1).max(10_000) });

const isManager = (user: User) => user.groups.includes('managers') || user.groups.includes('admin');

/** A candidate: named among the candidate users, in one of the candidate groups, or anyone when it is open to everyone. */
export function isCandidate(task: InboxTask, user: User): boolean {
  return task.openToEveryone || task.candidateUsers.includes(user.username) || task.candidateGroups.some((group) => user.groups.includes(group));
}

/** Who may act on a task, checked on the server (DESIGN decision 10). */
function mayWorkOn(task: InboxTask, user: User): boolean {
  return task.assignee === user.username || (task.assignee === null && isCandidate(task, user));
}

/** Reading a task (and its variables): its assignee, its candidates, whoever completed it, managers, admins. */
export function mayRead(task: InboxTask, user: User): boolean {
  return task.assignee === user.username || task.completedBy === user.username || isCandidate(task, user) || isManager(user);
}

async function readableTask(pool: Pool, taskId: string, user: User): Promise<InboxTask> {
  const task = await findTask(pool, taskId);
  if (!task) throw new HttpProblem(404, `No task ${taskId}`);
  if (!mayRead(task, user)) throw new HttpProblem(403, `Task ${taskId} is neither yours nor offered to you`);
  return task;
}

async function openTask(pool: Pool, taskId: string, user: User): Promise<InboxTask> {
  const task = await readableTask(pool, taskId, user);
  if (task.state !== 'open') throw new HttpProblem(409, `Task ${taskId} is ${task.state}, no longer open`);
  return task;
}

export function taskRoutes({ pool, temporal }: { pool: Pool; temporal: Client }) {
  /** The workflow learns every change of hands, so its completion validator checks the right person. */
  const tellWorkflow = async (task: InboxTask) => {
    await temporal.workflow
      .getHandle(task.instanceId)
      .signal(taskAssigned, { taskId: task.id, assignee: task.assignee })
      .catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return; // ended meanwhile: nothing left to tell
        // The change is stored; asking again (same claim or delegation) tells the workflow then.
        throw new HttpProblem(503, `Temporal did not take the change of hands of task ${task.id}; try again`);
      });
  };
  const reassign = async (task: InboxTask, assignee: string | null, by: User, kind: 'task.claimed' | 'task.unclaimed' | 'task.delegated') => {
    const changed = await reassignTask(pool, { taskId: task.id, expectedAssignee: task.assignee, assignee, by: by.username, kind });
    if (!changed) throw new HttpProblem(409, `Task ${task.id} was claimed, given away or closed meanwhile`);
    await tellWorkflow(changed);
    return changed;
  };

  return new Hono<{ Variables: AuthVariables }>()
    .get(
      '/',
      describe({
        summary: 'The inbox: ?filter=mine|group|all&state=&processKey=&sort=dueAt|priority|createdAt&breached=&businessKey=&q=&limit=&after= (next cursor in X-Next-Cursor)',
        responses: {
          200: {
            schema: z.array(taskSchema),
            headers: { 'X-Next-Cursor': { description: 'The `after` of the next page; absent on the last page', schema: { type: 'string' } } },
          },
        },
      }),
      validate('query', inboxQuery),
      async (c) => {
      const { tasks, nextCursor } = await listTasks(pool, c.get('user'), c.req.valid('query'));
      if (nextCursor) c.header('X-Next-Cursor', nextCursor);
      return c.json(tasks);
      },
    )
    .get(
      '/:id',
      describe({ summary: 'One task with its form, instructions and variables (assignee, candidates, managers, admins)', responses: { 200: taskSchema }, problems: [403, 404] }),
      async (c) => c.json(await readableTask(pool, c.req.param('id'), c.get('user'))),
    )
    .get(
      '/:id/history',
      describe({
        summary: 'Who did what to the task and when: created, claimed, unclaimed, delegated, commented, breached, completed',
        responses: { 200: z.array(taskHistoryEntrySchema) },
        problems: [403, 404],
      }),
      async (c) => {
      const task = await readableTask(pool, c.req.param('id'), c.get('user'));
      return c.json(await taskHistory(pool, task.id));
      },
    )
    .post('/:id/claim', describe({ summary: 'Claim an unassigned task (candidates only)', responses: { 200: taskSchema }, problems: [403, 404, 409, 503] }), async (c) => {
      const user = c.get('user');
      const task = await openTask(pool, c.req.param('id'), user);
      if (task.assignee === user.username) {
        await tellWorkflow(task); // a repeated claim makes sure the workflow knows
        return c.json(task);
      }
      if (task.assignee !== null) throw new HttpProblem(409, `Task ${task.id} is already claimed by ${task.assignee}`);
      if (!isCandidate(task, user)) throw new HttpProblem(403, `You are not a candidate for task ${task.id}`);
      return c.json(await reassign(task, user.username, user, 'task.claimed'));
    })
    .post('/:id/unclaim', describe({ summary: 'Give a claimed task back (its assignee or a manager)', responses: { 200: taskSchema }, problems: [403, 404, 409, 503] }), async (c) => {
      const user = c.get('user');
      const task = await openTask(pool, c.req.param('id'), user);
      if (task.assignee === null) throw new HttpProblem(409, `Task ${task.id} is not claimed`);
      if (task.assignee !== user.username && !isManager(user)) {
        throw new HttpProblem(403, `Only the assignee (${task.assignee}) or a manager may give task ${task.id} back`);
      }
      return c.json(await reassign(task, null, user, 'task.unclaimed'));
    })
    .post(
      '/:id/delegate',
      describe({ summary: 'Hand the task to another active user {to} (its assignee or a manager)', responses: { 200: taskSchema }, problems: [403, 404, 409, 422, 503] }),
      validate('json', delegation),
      async (c) => {
      const user = c.get('user');
      const { to } = c.req.valid('json');
      const task = await openTask(pool, c.req.param('id'), user);
      if (task.assignee !== user.username && !isManager(user)) {
        throw new HttpProblem(403, `Only the assignee (${task.assignee ?? 'nobody yet'}) or a manager may delegate task ${task.id}`);
      }
      const delegate = await findActiveUser(pool, to);
      if (!delegate) throw new HttpProblem(422, `No active user ${to}`, [{ field: 'to', message: 'no such active user' }]);
      if (delegate.username === task.assignee) {
        await tellWorkflow(task);
        return c.json(task);
      }
      return c.json(await reassign(task, delegate.username, user, 'task.delegated'));
      },
    )
    .post('/:id/comments', describe({ summary: 'Add a comment {text} (append-only)', responses: { 201: taskCommentSchema }, problems: [403, 404] }), validate('json', comment), async (c) => {
      const user = c.get('user');
      const task = await readableTask(pool, c.req.param('id'), user);
      return c.json(await addComment(pool, { taskId: task.id, instanceId: task.instanceId, author: user.username, text: c.req.valid('json').text }), 201);
    })
    .post(
      '/:id/complete',
      describe({
        summary: 'Complete a task {variables}: 403 unless assignee or (unassigned) candidate, 409 when no longer open, 422 when the form refuses',
        responses: { 200: taskSchema },
        problems: [403, 404, 409, 422, 503],
      }),
      validate('json', completion),
      async (c) => {
      const user = c.get('user');
      const { variables } = c.req.valid('json');
      const task = await openTask(pool, c.req.param('id'), user);
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
          .executeUpdate(completeTask, { args: [{ taskId: task.id, variables, completedBy: user.username, completedByGroups: user.groups }] });
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) {
          throw new HttpProblem(409, `Task ${task.id} can no longer be completed: ${(error.cause as Error | undefined)?.message ?? error.message}`);
        }
        throw error;
      }
      // The workflow records it too; writing here makes the answer show the completed task.
      await completeTaskRow(pool, { taskId: task.id, completedBy: user.username, variables });
      await appendAudit(pool, {
        actor: user.username,
        action: 'task.completed',
        target: task.id,
        details: { instanceId: task.instanceId, elementId: task.elementId },
        idempotencyKey: `task.completed:${task.id}`,
      });
      return c.json(await findTask(pool, task.id));
      },
    );
}
