import { z } from 'zod';
import { dealStages } from '../../stores/crm/deals.js';
import { interactionKinds } from '../../stores/crm/interactions.js';
import { timestamp } from './common.js';
import { invoiceSchema, salesOrderSchema } from './erp.js';

export const clientSchema = z
  .object({ id: z.number().int(), name: z.string(), owner: z.string().nullable(), creditLimit: z.number().nullable(), createdAt: timestamp })
  .meta({ id: 'Client' });

export const interactionSchema = z
  .object({
    id: z.number().int(),
    clientId: z.number().int(),
    dealId: z.number().int().nullable(),
    kind: z.enum(interactionKinds),
    summary: z.string(),
    by: z.string().nullable(),
    at: timestamp,
  })
  .meta({ id: 'Interaction' });

export const dealSchema = z
  .object({
    id: z.number().int(),
    clientId: z.number().int(),
    title: z.string(),
    amount: z.number(),
    stage: z.enum(dealStages),
    owner: z.string().nullable(),
    createdAt: timestamp,
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'Deal' });

export const clientCardSchema = clientSchema
  .extend({
    legalEntities: z.array(z.object({ id: z.number().int(), name: z.string(), taxId: z.string().nullable(), address: z.string().nullable() })),
    contacts: z.array(
      z.object({ id: z.number().int(), name: z.string(), role: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
    ),
    interactions: z.array(interactionSchema),
    deals: z.array(dealSchema),
    orders: z.array(salesOrderSchema),
    invoices: z.array(invoiceSchema),
    balance: z.number(),
    abcClass: z.enum(['A', 'B', 'C']).nullable(),
    followUps: z.array(
      z.object({
        taskId: z.string(),
        instanceId: z.string(),
        subject: z.string(),
        assignee: z.string().nullable(),
        dueAt: timestamp.nullable(),
        interactionId: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'ClientCard' });

export const leadSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    company: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    source: z.string().nullable(),
    owner: z.string().nullable(),
    status: z.enum(['new', 'qualified', 'disqualified']),
    clientId: z.number().int().nullable(),
    qualifiedAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Lead' });

export const followUpScheduledSchema = z
  .object({
    clientId: z.number().int(),
    clientName: z.string(),
    owner: z.string().nullable(),
    subject: z.string(),
    dueAt: timestamp,
    interactionId: z.number().int().nullable(),
    instanceId: z.string(),
  })
  .meta({ id: 'FollowUpScheduled' });

export const funnelStageSchema = z
  .object({ stage: z.enum(dealStages), deals: z.number().int(), amount: z.number(), conversionToNext: z.number().nullable(), medianDaysInStage: z.number().nullable() })
  .meta({ id: 'FunnelStage' });

export const abcRowSchema = z
  .object({ clientId: z.number().int(), name: z.string(), revenue: z.number(), share: z.number(), cumulativeShare: z.number(), class: z.enum(['A', 'B', 'C']) })
  .meta({ id: 'AbcRow' });
