import { z } from 'zod';
import { runOnce } from '../../stores/idempotency.js';
import { receiveReturn } from '../../stores/erp/returns.js';
import { quantity, variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({
  orderId: id,
  lines: z.array(z.object({ orderLineId: id, qty: quantity })).min(1),
  warehouse: z.string().trim().min(1),
});

/** Goods back from the client: stock in at the cost they left with, cost of goods sold reversed. */
export const erpReceiveReturn: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.receiveReturn',
  input,
  resultVariable: 'return',
  run: (request, { pool, idempotencyKey }) =>
    storeCall('lines', () =>
      runOnce(pool, 'erp', { key: idempotencyKey, operation: 'erp.receiveReturn', request }, (db, effect) => receiveReturn(db, effect, request)),
    ),
};
