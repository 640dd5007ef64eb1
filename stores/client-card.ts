import { abcAnalysis, type AbcClass } from './abc-analysis.js';
import { findClientWithParties, type ClientWithParties } from './crm/clients.js';
import { FOLLOW_UP_PROCESS } from './crm/follow-ups.js';
import { listDeals, type Deal } from './crm/deals.js';
import { listInteractions, type Interaction } from './crm/interactions.js';
import { clientBalance, listInvoices, type Invoice } from './erp/invoices.js';
import { listOrders, type SalesOrder } from './erp/orders.js';
import type { Db } from './tx.js';

/** The client as the business knows it (CONTRACT §2): CRM card plus what the ERP holds. */
export interface ClientCard extends ClientWithParties {
  interactions: Interaction[];
  deals: Deal[];
  orders: SalesOrder[];
  invoices: Invoice[];
  /** Open receivables: invoiced and not yet paid. */
  balance: number;
  /** Its class in the ABC analysis of the last twelve months; null without revenue then. */
  abcClass: AbcClass | null;
  /** Reminders not yet done: open tasks of crm-follow-up cases for this client. */
  followUps: FollowUp[];
}

export interface FollowUp {
  taskId: string;
  instanceId: string;
  subject: string;
  assignee: string | null;
  dueAt: string | null;
  interactionId: number | null;
}

/** The inbox rows of the client's follow-up cases (business key `client-<id>`), soonest first. */
async function openFollowUps(db: Db, clientId: number): Promise<FollowUp[]> {
  const { rows } = await db.query<{ id: string; instance_id: string; variables: Record<string, unknown>; assignee: string | null; due_at: Date | null }>(
    `SELECT id, instance_id, variables, assignee, due_at FROM bpm.tasks
      WHERE process_key = $1 AND business_key = $2 AND state = 'open' ORDER BY due_at NULLS LAST, created_at`,
    [FOLLOW_UP_PROCESS, `client-${clientId}`],
  );
  return rows.map((row) => ({
    taskId: row.id,
    instanceId: row.instance_id,
    subject: String(row.variables.subject ?? ''),
    assignee: row.assignee,
    dueAt: row.due_at?.toISOString() ?? null,
    interactionId: typeof row.variables.interactionId === 'number' ? row.variables.interactionId : null,
  }));
}

/**
 * The one place that reads both stores for a client, each through its own module: the
 * CRM and the ERP stay separate systems (DESIGN decision 6), the card joins them.
 */
export async function getClientCard(db: Db, clientId: number): Promise<ClientCard | undefined> {
  const client = await findClientWithParties(db, clientId);
  if (!client) return undefined;
  return {
    ...client,
    interactions: await listInteractions(db, clientId),
    deals: await listDeals(db, { clientId }),
    orders: await listOrders(db, { clientId }),
    invoices: await listInvoices(db, { clientId }),
    balance: await clientBalance(db, clientId),
    followUps: await openFollowUps(db, clientId),
    abcClass: (await abcAnalysis(db, { from: new Date(Date.now() - 365 * 86_400_000).toISOString() })).find((row) => row.clientId === clientId)?.class ?? null,
  };
}
