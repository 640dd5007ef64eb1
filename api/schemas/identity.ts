import { z } from 'zod';
import { timestamp } from './common.js';

export const userSchema = z
  .object({ id: z.number().int(), username: z.string(), name: z.string(), groups: z.array(z.string()) })
  .meta({ id: 'User' });

/** What admins see of an account in GET /api/users. */
export const userAccountSchema = userSchema.extend({ active: z.boolean(), createdAt: timestamp, updatedAt: timestamp }).meta({ id: 'UserAccount' });

/** What every employee sees of a colleague (to pick a delegate). */
export const colleagueSchema = z.object({ username: z.string(), name: z.string(), groups: z.array(z.string()) }).meta({ id: 'Colleague' });

export const sessionSchema = z.object({ token: z.string(), user: userSchema }).meta({ id: 'Session' });

export const installationConfigSchema = z
  .object({ temporalNamespace: z.string(), temporalUiUrl: z.string().optional() })
  .meta({ id: 'InstallationConfig' });

export const responsibilitySchema = z
  .object({
    processKey: z.string(),
    processName: z.string().nullable(),
    elementId: z.string(),
    name: z.string().nullable(),
    instructions: z.string().nullable(),
    via: z.enum(['assignee', 'candidateUser', 'candidateGroup', 'lane', 'everyone', 'expression']),
    group: z.string().optional(),
    expression: z.string().optional(),
    attribute: z.enum(['assignee', 'candidateUsers', 'candidateGroups']).optional(),
    open: z.number().int(),
    breached: z.number().int(),
  })
  .meta({ id: 'Responsibility' });

export const healthSchema = z
  .object({ ok: z.boolean(), postgres: z.enum(['up', 'down', 'starting']), temporal: z.enum(['up', 'down', 'starting']) })
  .meta({ id: 'Health' });
