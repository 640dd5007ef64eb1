import { z } from 'zod';
import { issueCreditNote } from '../../stores/erp/credit-notes.js';
import { runOnce } from '../../stores/idempotency.js';
import { quantity, variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({
  invoiceId: id,
  lines: z.array(z.object({ orderLineId: id, qty: quantity })).min(1).nullish(),
  reason: z.string().trim().min(1).max(1000),
});

/** Cancels or partly credits an invoice: the reversing entry is posted, the client owes less. */
export const erpIssueCreditNote: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.issueCreditNote',
  input,
  resultVariable: 'creditNote',
  run: (request, { pool, idempotencyKey }) =>
    storeCall('invoiceId', () =>
      runOnce(pool, 'erp', { key: idempotencyKey, operation: 'erp.issueCreditNote', request }, (db, effect) =>
        issueCreditNote(db, effect, { invoiceId: request.invoiceId, lines: request.lines ?? undefined, reason: request.reason }),
      ),
    ),
};
