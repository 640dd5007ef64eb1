import { z } from 'zod';
import { EVENT_KINDS } from '../../stores/bpm/events.js';
import { timestamp } from './common.js';

export const slaBreachSchema = z
  .object({
    taskId: z.string(),
    elementId: z.string(),
    name: z.string().nullable(),
    processKey: z.string(),
    instanceId: z.string(),
    assignee: z.string().nullable(),
    candidateGroups: z.array(z.string()),
    dueAt: timestamp,
    breachedAt: timestamp,
    completedAt: timestamp.optional(),
    latenessSeconds: z.number().optional(),
  })
  .meta({ id: 'SlaBreach' });

const counts = { open: z.number().int(), breached: z.number().int(), completed: z.number().int(), onTimeRate: z.number().nullable() };

export const stepSummarySchema = z
  .object({ processKey: z.string(), elementId: z.string(), name: z.string().nullable(), ...counts, p50Seconds: z.number().nullable(), p90Seconds: z.number().nullable() })
  .meta({ id: 'StepSummary' });

export const ownerSummarySchema = z.object({ owner: z.string(), kind: z.enum(['user', 'group']), ...counts }).meta({ id: 'OwnerSummary' });

export const bpmEventSchema = z
  .object({ id: z.number().int(), kind: z.enum(EVENT_KINDS), instanceId: z.string(), taskId: z.string().optional(), by: z.string().optional(), at: timestamp })
  .catchall(z.unknown())
  .meta({ id: 'Event' });
