import { z } from 'zod';
import { parseDuration } from '../../compiler/timers.js';
import { findClient } from '../../stores/crm/clients.js';
import { variableId as id } from '../../stores/values.js';
import { startProcessOnce } from './start-process.js';
import { BpmnError, ServiceTaskInputError, type ServiceTaskType } from './types.js';

/** The shipped process a follow-up runs as (processes/bpmn/crm-follow-up.bpmn). */
export const FOLLOW_UP_PROCESS = 'crm-follow-up';

const input = z
  .object({
    clientId: id,
    subject: z.string().trim().min(1).max(200),
    dueAt: z.iso.datetime({ offset: true }).nullish(),
    in: z.string().trim().min(2).max(40).nullish(),
    interactionId: id.nullish(),
  })
  .refine((value) => Boolean(value.dueAt) !== Boolean(value.in), { message: 'give either dueAt or in (an ISO duration such as P3D)', path: ['dueAt'] });

/**
 * A reminder on the client card: starts `crm-follow-up`, whose one task goes to the
 * client's owner on the due date with the interaction it continues; completing it logs
 * the new interaction. UNKNOWN_CLIENT when there is no such client.
 */
export const crmScheduleFollowUp: ServiceTaskType<z.infer<typeof input>> = {
  type: 'crm.scheduleFollowUp',
  input,
  resultVariable: 'followUp',
  errorCodes: ['UNKNOWN_CLIENT'],
  async run(request, { pool, idempotencyKey, instanceId }) {
    const client = await findClient(pool, request.clientId);
    if (!client) throw new BpmnError('UNKNOWN_CLIENT', `No client ${request.clientId}`);
    let dueAt = request.dueAt ?? null;
    if (request.in) {
      const delay = parseDuration(request.in);
      if (!delay.ok) throw new ServiceTaskInputError('in', delay.reason);
      // Counted from the database clock, the one every task's due date is read against.
      const { rows } = await pool.query<{ at: Date }>(`SELECT now() AS at`);
      dueAt = new Date(rows[0]!.at.getTime() + delay.value).toISOString();
    }
    const followUp = { clientId: client.id, clientName: client.name, owner: client.owner, subject: request.subject, dueAt, interactionId: request.interactionId ?? null };
    const started = await startProcessOnce(pool, {
      idempotencyKey,
      processKey: FOLLOW_UP_PROCESS,
      businessKey: `client-${client.id}`,
      variables: followUp,
      startedBy: `process:${instanceId}`,
    });
    return { ...followUp, instanceId: started.instanceId };
  },
};
