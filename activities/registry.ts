import type { z } from 'zod';
import { evaluateDecisionTask } from './evaluate-decision.js';
import { crmCreateDeal } from './service-tasks/crm.createDeal.js';
import { crmGetClientCard } from './service-tasks/crm.getClientCard.js';
import { crmLogInteraction } from './service-tasks/crm.logInteraction.js';
import { crmQualifyLead } from './service-tasks/crm.qualifyLead.js';
import { crmScheduleFollowUp } from './service-tasks/crm.scheduleFollowUp.js';
import { crmSetDealStage } from './service-tasks/crm.setDealStage.js';
import { erpCreateSalesOrder } from './service-tasks/erp.createSalesOrder.js';
import { erpCreateShipment } from './service-tasks/erp.createShipment.js';
import { erpIssueCreditNote } from './service-tasks/erp.issueCreditNote.js';
import { erpIssueInvoice } from './service-tasks/erp.issueInvoice.js';
import { erpListProducts } from './service-tasks/erp.listProducts.js';
import { erpReceiveReturn } from './service-tasks/erp.receiveReturn.js';
import { erpRecordPayment } from './service-tasks/erp.recordPayment.js';
import { erpReserveStock } from './service-tasks/erp.reserveStock.js';
import { notifySend } from './service-tasks/notify.send.js';
import type { ServiceTaskType } from './service-tasks/types.js';

/**
 * Every service-task type the engine can run, by `zeebe:taskDefinition type` (CONTRACT §4).
 * A new type is one file in service-tasks/ plus one entry here.
 */
const shipped = [
  crmGetClientCard,
  crmQualifyLead,
  crmCreateDeal,
  crmSetDealStage,
  crmLogInteraction,
  crmScheduleFollowUp,
  erpCreateSalesOrder,
  erpReserveStock,
  erpCreateShipment,
  erpIssueInvoice,
  erpRecordPayment,
  erpListProducts,
  erpIssueCreditNote,
  erpReceiveReturn,
  notifySend,
] as ServiceTaskType<never>[];

export const serviceTaskTypes: ReadonlyMap<string, ServiceTaskType<never>> = new Map(shipped.map((taskType) => [taskType.type, taskType]));

/**
 * Jobs the engine makes for itself, never written in a diagram: a business rule task
 * calling a DMN decision (compiler DECISION_TASK_TYPE). No element template, not in
 * CONTRACT §4's list; the workers serve them beside the shipped types.
 */
const engineTaskTypes = [evaluateDecisionTask] as ServiceTaskType<never>[];

/** Everything a worker runs: the shipped types and the engine's own. */
export const runnableTaskTypes: ReadonlyMap<string, ServiceTaskType<never>> = new Map(
  [...shipped, ...engineTaskTypes].map((taskType) => [taskType.type, taskType]),
);

/** What the compiler needs to know of a type at deployment: the variables it requires. */
export interface ServiceTaskSignature {
  requiredInputs: string[];
  resultVariable: string;
}

/**
 * The registry as the deploying API hands it to the compiler (which stays pure): a
 * field is required when its schema refuses `undefined`.
 */
export function serviceTaskSignatures(types: ReadonlyMap<string, ServiceTaskType<never>> = runnableTaskTypes): Map<string, ServiceTaskSignature> {
  const signatures = new Map<string, ServiceTaskSignature>();
  for (const [type, taskType] of types) {
    const shape = (taskType.input as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
    const requiredInputs = Object.entries(shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([name]) => name);
    signatures.set(type, { requiredInputs, resultVariable: taskType.resultVariable });
  }
  return signatures;
}
