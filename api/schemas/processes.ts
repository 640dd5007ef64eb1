import { z } from 'zod';
import { elementMessage, timestamp, variables } from './common.js';

export const deploymentSchema = z
  .object({
    deploymentId: z.string().nullable().meta({ description: 'null on a dry run' }),
    processes: z.array(z.object({ key: z.string(), version: z.number().int(), name: z.string().nullable() })),
    warnings: z.array(elementMessage),
  })
  .meta({ id: 'Deployment' });

export const processDefinitionSummarySchema = z
  .object({ key: z.string(), version: z.number().int(), name: z.string().nullable(), deployedAt: timestamp, deployedBy: z.string().nullable() })
  .meta({ id: 'ProcessDefinitionSummary' });

export const processDefinitionSchema = processDefinitionSummarySchema.extend({ xml: z.string() }).meta({ id: 'ProcessDefinition' });

export const elementStatisticsSchema = z
  .object({ elementId: z.string(), active: z.number().int(), incidents: z.number().int(), completed: z.number().int() })
  .meta({ id: 'ElementStatistics' });

export const instanceStartedSchema = z
  .object({ instanceId: z.string(), processKey: z.string(), version: z.number().int(), businessKey: z.string().nullable() })
  .meta({ id: 'InstanceStarted' });

const incident = z
  .object({ id: z.string(), elementId: z.string(), message: z.string(), openedAt: timestamp, retries: z.number().int() })
  .meta({ id: 'Incident' });

export const processInstanceSchema = z
  .object({
    instanceId: z.string(),
    processKey: z.string(),
    version: z.number().int(),
    businessKey: z.string().nullable(),
    status: z.enum(['running', 'incident', 'completed', 'cancelled']),
    variables,
    activeElements: z.array(z.string()),
    completedElements: z.array(z.string()),
    incidents: z.array(incident),
    incident: incident.nullable(),
    history: z.array(
      z.object({ elementId: z.string(), name: z.string().nullable(), startedAt: timestamp, endedAt: timestamp.optional(), by: z.string().optional() }),
    ),
    warnings: z.array(elementMessage),
    startedAt: timestamp,
    endedAt: timestamp.optional(),
  })
  .meta({ id: 'ProcessInstance' });

export const stepOwnerSchema = z
  .object({
    elementId: z.string(),
    name: z.string().nullable(),
    taskId: z.string(),
    assignee: z.string().nullable(),
    candidateGroups: z.array(z.string()),
    candidateUsers: z.array(z.string()),
    dueAt: timestamp.nullable(),
  })
  .meta({ id: 'StepOwner' });

export const cancelRequestedSchema = z.object({ instanceId: z.string(), cancelRequested: z.literal(true) }).meta({ id: 'CancelRequested' });

export const retryRequestedSchema = z
  .object({ instanceId: z.string(), retryRequested: z.literal(true), elementId: z.string(), incidentIds: z.array(z.string()) })
  .meta({ id: 'RetryRequested' });

export const messageOutcomeSchema = z
  .object({ correlated: z.number().int(), started: z.array(z.string()).optional() })
  .meta({ id: 'MessageOutcome', description: '{correlated: n} when instances waited; {correlated: 0, started: [instanceId]} by a message start event' });
