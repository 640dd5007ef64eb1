import { z } from 'zod';

/** An instant as the API writes it: ISO 8601 with a zone (JSON has no date type). */
export const timestamp = z.string().meta({ format: 'date-time' });

/** Process variables: a JSON object. */
export const variables = z.record(z.string(), z.unknown());

/** RFC 9457 problem details, the body of every 4xx and 5xx (api/problem.ts). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(
        z.object({
          field: z.string().optional(),
          elementId: z.string().nullable().optional(),
          resource: z.string().optional().meta({ description: 'The file at fault, when a deployment has several resources' }),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `errors` names each field or BPMN element at fault' });

/** A warning or problem that belongs to one BPMN element. */
export const elementMessage = z
  .object({
    elementId: z.string().nullable(),
    resource: z.string().optional().meta({ description: 'The file it belongs to, when a deployment has several resources' }),
    message: z.string(),
  })
  .meta({ id: 'ElementMessage' });

/** A process version as a request gives it: PostgreSQL keeps versions as INT, so larger ones name none. */
export const versionNumber = z.number().int().positive().max(2_147_483_647);

/** The same in a query string (?version=N). */
export const versionParameter = z.coerce.number().int().positive().max(2_147_483_647);
