import { abcAnalysis, type AbcClass } from './abc-analysis.js';
import { findClientWithParties, type ClientWithParties } from './crm/clients.js';
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
    abcClass: (await abcAnalysis(db, { from: new Date(Date.now() - 365 * 86_400_000).toISOString() })).find((row) => row.clientId === clientId)?.class ?? null,
  };
}
