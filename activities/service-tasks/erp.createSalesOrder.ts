import { z } from 'zod';
import { findClientWithParties } from '../../stores/crm/clients.js';
import { createSalesOrder } from '../../stores/erp/orders.js';
import { runOnce } from '../../stores/idempotency.js';
import { id, money, quantity, sku } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import { BpmnError, type ServiceTaskType } from './types.js';

const input = z.object({
  clientId: id,
  lines: z.array(z.object({ sku, qty: quantity, price: money.optional() })).min(1),
  dealId: id.nullish(),
});

/**
 * Creates a sales order in the ERP for a CRM client. The process layer joins the two
 * stores: the client and its credit limit are read from the CRM, the order is written to
 * the ERP, invoiced to the client's first legal entity. UNKNOWN_CLIENT, CREDIT_LIMIT.
 */
export const erpCreateSalesOrder: ServiceTaskType<z.infer<typeof input>> = {
  type: 'erp.createSalesOrder',
  input,
  resultVariable: 'order',
  execution: 'local', // one short idempotent store transaction
  async run(request, { pool, idempotencyKey }) {
    const client = await findClientWithParties(pool, request.clientId);
    if (!client) throw new BpmnError('UNKNOWN_CLIENT', `No client ${request.clientId}`);
    return storeCall('lines', () =>
      runOnce(pool, 'erp', { key: idempotencyKey, operation: 'erp.createSalesOrder', request }, (db, effect) =>
        createSalesOrder(db, effect, {
          clientId: client.id,
          legalEntityId: client.legalEntities[0]?.id ?? null,
          dealId: request.dealId ?? null,
          creditLimit: client.creditLimit,
          lines: request.lines,
        }),
      ),
    );
  },
};
