import { z } from 'zod';
import { dealStages, setDealStage } from '../../stores/crm/deals.js';
import { runOnce } from '../../stores/idempotency.js';
import { variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({ dealId: id, stage: z.enum(dealStages) });

/** Moves the deal to a stage; the change is kept with when (and the client history shows it). */
export const crmSetDealStage: ServiceTaskType<z.infer<typeof input>> = {
  type: 'crm.setDealStage',
  input,
  resultVariable: 'deal',
  execution: 'local', // one short idempotent store transaction
  run: (request, { pool, idempotencyKey, headers }) =>
    storeCall('dealId', () =>
      runOnce(pool, 'crm', { key: idempotencyKey, operation: 'crm.setDealStage', request }, (client, effect) =>
        // The process, not a person, moved it; a `changedBy` task header can name who it acts for.
        setDealStage(client, effect, { ...request, by: headers.changedBy ?? null }),
      ),
    ),
};
