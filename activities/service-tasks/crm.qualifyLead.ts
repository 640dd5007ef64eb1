import { z } from 'zod';
import { qualifyLead } from '../../stores/crm/leads.js';
import { runOnce } from '../../stores/idempotency.js';
import { variableId as id } from '../../stores/values.js';
import { storeCall } from './domain-failures.js';
import type { ServiceTaskType } from './types.js';

const input = z.object({ leadId: id });

/** Qualifies the lead into a client, linking an existing one or creating its card. */
export const crmQualifyLead: ServiceTaskType<z.infer<typeof input>> = {
  type: 'crm.qualifyLead',
  input,
  resultVariable: 'lead',
  execution: 'local', // one short idempotent store transaction
  run: (request, { pool, idempotencyKey }) =>
    storeCall('leadId', () =>
      runOnce(pool, 'crm', { key: idempotencyKey, operation: 'crm.qualifyLead', request }, (client, effect) => qualifyLead(client, effect, request.leadId)),
    ),
};
