import { z } from 'zod';
import { timestamp, variables } from './common.js';

export const taskSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    elementId: z.string(),
    processKey: z.string(),
    instanceId: z.string(),
    businessKey: z.string().nullable(),
    assignee: z.string().nullable(),
    candidateGroups: z.array(z.string()),
    candidateUsers: z.array(z.string()),
    openToEveryone: z.boolean(),
    instructions: z.string().nullable(),
    dueAt: timestamp.nullable(),
    followUpAt: timestamp.nullable(),
    priority: z.number().nullable(),
    breached: z.boolean(),
    state: z.enum(['open', 'completed', 'cancelled']),
    createdAt: timestamp,
    completedAt: timestamp.nullable(),
    completedBy: z.string().nullable(),
    form: z.unknown().optional().meta({ description: 'The form-js schema, or a reference to a form; absent when the task has none' }),
    variables,
  })
  .meta({ id: 'Task' });

export const taskHistoryEntrySchema = z
  .object({
    at: timestamp,
    kind: z.enum(['created', 'claimed', 'unclaimed', 'delegated', 'commented', 'breached', 'completed', 'cancelled']),
    by: z.string().nullable(),
  })
  .catchall(z.unknown())
  .meta({ id: 'TaskHistoryEntry' });

export const taskCommentSchema = z
  .object({ id: z.number().int(), taskId: z.string(), author: z.string(), text: z.string(), at: timestamp })
  .meta({ id: 'TaskComment' });

export const notificationSchema = z
  .object({
    id: z.number().int(),
    to: z.string(),
    kind: z.enum(['message', 'sla.breached']),
    subject: z.string(),
    body: z.string(),
    instanceId: z.string().nullable(),
    taskId: z.string().nullable(),
    createdAt: timestamp,
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });
