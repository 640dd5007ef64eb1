import { z } from 'zod';
import { recordPayment } from '../../stores/erp/payments.js';
import { runOnce } from '../../stores/idempotency.js';
import { money, variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({ invoiceId: id, amount: money.refine((amount) => amount > 0, 'must be more than zero') });

/** Records a payment against the invoice (cash / receivable); OVERPAYMENT above what is outstanding. */
export const erpRecordPayment: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.recordPayment',
  input,
  resultVariable: 'payment',
  execution: 'local', // one short idempotent store transaction
  errorCodes: ['OVERPAYMENT'],
  run: (request, { pool, idempotencyKey, instanceId }) =>
    storeCall('invoiceId', () =>
      runOnce(pool, 'erp', { key: idempotencyKey, operation: 'erp.recordPayment', request }, (db, effect) =>
        recordPayment(db, effect, { ...request, reference: instanceId }),
      ),
    ),
};
