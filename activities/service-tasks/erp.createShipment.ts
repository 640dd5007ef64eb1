import { z } from 'zod';
import { createShipment } from '../../stores/erp/shipments.js';
import { runOnce } from '../../stores/idempotency.js';
import { variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({ orderId: id });

/** Ships what the order still needs (reserved stock first); posts cost of goods sold. OUT_OF_STOCK. */
export const erpCreateShipment: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.createShipment',
  input,
  resultVariable: 'shipment',
  execution: 'local', // one short idempotent store transaction
  run: (request, { pool, idempotencyKey }) =>
    storeCall('orderId', () =>
      runOnce(pool, 'erp', { key: idempotencyKey, operation: 'erp.createShipment', request }, (db, effect) => createShipment(db, effect, request)),
    ),
};
