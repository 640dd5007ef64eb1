import { z } from 'zod';
import { createDeal } from '../../stores/crm/deals.js';
import { runOnce } from '../../stores/idempotency.js';
import { money, variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({ clientId: id, title: z.string().trim().min(1).max(200), amount: money });

/** Opens a deal at stage `new` for the client; UNKNOWN_CLIENT when there is no such client. */
export const crmCreateDeal: ServiceTaskType<z.infer<typeof input>> = {
  type: 'crm.createDeal',
  input,
  resultVariable: 'deal',
  execution: 'local', // one short idempotent store transaction
  errorCodes: ['UNKNOWN_CLIENT'],
  run: (request, { pool, idempotencyKey }) =>
    storeCall('clientId', () =>
      runOnce(pool, 'crm', { key: idempotencyKey, operation: 'crm.createDeal', request }, (client, effect) => createDeal(client, effect, request)),
    ),
};
