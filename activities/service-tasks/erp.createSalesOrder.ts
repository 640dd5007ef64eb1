import { z } from 'zod';
import { creditApproverGroups, mayApproveCredit } from '../../stores/credit-approvers.js';
import { findClientWithParties } from '../../stores/crm/clients.js';
import { createSalesOrder } from '../../stores/erp/orders.js';
import { runOnce } from '../../stores/idempotency.js';
import { money, quantity, sku, variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import { BpmnError, type ServiceTaskType } from './types.js';

const input = z.object({
  clientId: id,
  lines: z.array(z.object({ sku, qty: quantity, price: money.optional() })).min(1),
  dealId: id.nullish(),
  creditApprovedBy: z.string().trim().min(1).max(64).nullish(),
});

/**
 * Creates a sales order in the ERP for a CRM client. The process layer joins the two
 * stores: the client and its credit limit are read from the CRM, the order is written to
 * the ERP, invoiced to the client's first legal entity. Over the limit it throws
 * CREDIT_LIMIT unless `creditApprovedBy` names an active user of accounting or managers
 * (the process maps it from the approval step's `completedBy`); the order records them.
 */
export const erpCreateSalesOrder: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.createSalesOrder',
  input,
  resultVariable: 'order',
  execution: 'local', // one short idempotent store transaction
  errorCodes: ['UNKNOWN_CLIENT', 'CREDIT_LIMIT'],
  async run(request, { pool, idempotencyKey }) {
    const client = await findClientWithParties(pool, request.clientId);
    if (!client) throw new BpmnError('UNKNOWN_CLIENT', `No client ${request.clientId}`);
    const approver = request.creditApprovedBy ?? null;
    if (approver !== null && !(await mayApproveCredit(pool, approver))) {
      throw new BpmnError('CREDIT_LIMIT', `${approver} is not an active user of ${creditApproverGroups.join(' or ')}, so cannot approve credit`);
    }
    return storeCall('lines', () =>
      runOnce(pool, 'erp', { key: idempotencyKey, operation: 'erp.createSalesOrder', request }, (db, effect) =>
        createSalesOrder(db, effect, {
          clientId: client.id,
          legalEntityId: client.legalEntities[0]?.id ?? null,
          dealId: request.dealId ?? null,
          creditLimit: client.creditLimit,
          creditApprovedBy: approver,
          lines: request.lines,
        }),
      ),
    );
  },
};
