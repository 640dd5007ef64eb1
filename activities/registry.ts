import { crmCreateDeal } from './service-tasks/crm.createDeal.js';
import { crmGetClientCard } from './service-tasks/crm.getClientCard.js';
import { crmLogInteraction } from './service-tasks/crm.logInteraction.js';
import { crmQualifyLead } from './service-tasks/crm.qualifyLead.js';
import { crmSetDealStage } from './service-tasks/crm.setDealStage.js';
import { erpCreateSalesOrder } from './service-tasks/erp.createSalesOrder.js';
import { erpCreateShipment } from './service-tasks/erp.createShipment.js';
import { erpIssueInvoice } from './service-tasks/erp.issueInvoice.js';
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
  erpCreateSalesOrder,
  erpReserveStock,
  erpCreateShipment,
  erpIssueInvoice,
  erpRecordPayment,
  notifySend,
] as ServiceTaskType<never>[];

export const serviceTaskTypes: ReadonlyMap<string, ServiceTaskType<never>> = new Map(shipped.map((taskType) => [taskType.type, taskType]));
