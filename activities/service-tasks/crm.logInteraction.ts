import { z } from 'zod';
import { interactionKinds, logInteraction } from '../../stores/crm/interactions.js';
import { runOnce } from '../../stores/idempotency.js';
import { variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({ clientId: id, kind: z.enum(interactionKinds), summary: z.string().trim().min(1).max(4000) });

/** Appends a call, email, meeting, sms or note to the client's history. */
export const crmLogInteraction: ServiceTaskType<z.infer<typeof input>> = {
  type: 'crm.logInteraction',
  input,
  resultVariable: 'interaction',
  execution: 'local', // one short idempotent store transaction
  errorCodes: ['UNKNOWN_CLIENT'],
  run: (request, { pool, idempotencyKey, headers }) =>
    storeCall('clientId', () =>
      runOnce(pool, 'crm', { key: idempotencyKey, operation: 'crm.logInteraction', request }, (client, effect) =>
        logInteraction(client, effect, { ...request, by: headers.loggedBy ?? null }),
      ),
    ),
};
