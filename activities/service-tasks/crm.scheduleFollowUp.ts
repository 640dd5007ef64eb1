import { z } from 'zod';
import { parseDuration } from '../../compiler/timers.js';
import { dueFromNow, FOLLOW_UP_PROCESS, followUpStart } from '../../stores/crm/follow-ups.js';
import { DomainError } from '../../stores/errors.js';
import { variableId as id } from '../../stores/values.js';
import { startProcessOnce } from './start-process.js';
import { BpmnError, ServiceTaskInputError, type ServiceTaskType } from './types.js';

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
    let dueAt = request.dueAt ?? null;
    if (request.in) {
      const delay = parseDuration(request.in);
      if (!delay.ok) throw new ServiceTaskInputError('in', delay.reason);
      dueAt = await dueFromNow(pool, delay.value);
    }
    const followUp = await followUpStart(pool, { clientId: request.clientId, subject: request.subject, dueAt: dueAt!, interactionId: request.interactionId }).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'UNKNOWN_CLIENT') throw new BpmnError('UNKNOWN_CLIENT', error.message);
      throw error;
    });
    const started = await startProcessOnce(pool, {
      idempotencyKey,
      processKey: FOLLOW_UP_PROCESS,
      businessKey: `client-${followUp.clientId}`,
      variables: { ...followUp },
      startedBy: `process:${instanceId}`,
    });
    return { ...followUp, instanceId: started.instanceId };
  },
};
