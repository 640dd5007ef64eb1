import { z } from 'zod';
import { issueInvoice } from '../../stores/erp/invoices.js';
import { runOnce } from '../../stores/idempotency.js';
import { variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({ orderId: id });

/** Invoices what was delivered and not yet invoiced; posts receivable, revenue and tax. */
export const erpIssueInvoice: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.issueInvoice',
  input,
  resultVariable: 'invoice',
  execution: 'local', // one short idempotent store transaction
  run: (request, { pool, idempotencyKey }) =>
    storeCall('orderId', () =>
      runOnce(pool, 'erp', { key: idempotencyKey, operation: 'erp.issueInvoice', request }, (db, effect) => issueInvoice(db, effect, request)),
    ),
};
