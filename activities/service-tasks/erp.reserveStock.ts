import { z } from 'zod';
import { reserveStock } from '../../stores/erp/stock.js';
import { runOnce } from '../../stores/idempotency.js';
import { variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({ orderId: id });

/** Reserves all the order still needs, or nothing: OUT_OF_STOCK sends the process to its back-order path. */
export const erpReserveStock: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.reserveStock',
  input,
  resultVariable: 'reservation',
  execution: 'local', // one short idempotent store transaction
  errorCodes: ['OUT_OF_STOCK'],
  run: (request, { pool, idempotencyKey }) =>
    storeCall('orderId', () =>
      runOnce(pool, 'erp', { key: idempotencyKey, operation: 'erp.reserveStock', request }, (db, effect) => reserveStock(db, effect, request.orderId)),
    ),
};
