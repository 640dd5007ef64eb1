import { z } from 'zod';
import { getClientCard } from '../../stores/client-card.js';
import { variableId as id } from '../../stores/values.js';
import { BpmnError, type ServiceTaskType } from './types.js';

const input = z.object({ clientId: id });

/** Reads the client card (CRM and what the ERP holds for the client); changes nothing. */
export const crmGetClientCard: ServiceTaskType<z.infer<typeof input>> = {
  type: 'crm.getClientCard',
  input,
  resultVariable: 'client',
  execution: 'local', // one short read
  errorCodes: ['UNKNOWN_CLIENT'],
  async run({ clientId }, { pool }) {
    const card = await getClientCard(pool, clientId);
    if (!card) throw new BpmnError('UNKNOWN_CLIENT', `No client ${clientId}`);
    return card;
  },
};
