import { listClients } from './crm/clients.js';
import { revenueByClient } from './erp/revenue.js';
import type { Db } from './tx.js';

export type AbcClass = 'A' | 'B' | 'C';

export interface AbcRow {
  clientId: number;
  name: string;
  revenue: number;
  /** Of the period's revenue, 0..1. */
  share: number;
  cumulativeShare: number;
  class: AbcClass;
}

/**
 * Clients ranked by net revenue (ERP) with their names (CRM), each store read through its
 * own module. A: the top clients that make the first 80 % of revenue; B: the next 15 %;
 * C: the rest. A client is classed by where its revenue starts, so a single client with
 * 90 % of revenue is A.
 */
export async function abcAnalysis(db: Db, period: { from?: string | undefined; to?: string | undefined } = {}): Promise<AbcRow[]> {
  const revenue = await revenueByClient(db, period);
  const names = new Map((await listClients(db)).map((client) => [client.id, client.name]));
  const totalCents = revenue.reduce((sum, row) => sum + Math.round(row.revenue * 100), 0);
  let beforeCents = 0;
  return revenue.map((row) => {
    const cents = Math.round(row.revenue * 100);
    const startsAt = beforeCents / totalCents;
    beforeCents += cents;
    return {
      clientId: row.clientId,
      name: names.get(row.clientId) ?? `Client ${row.clientId}`,
      revenue: row.revenue,
      share: Math.round((cents / totalCents) * 10000) / 10000,
      cumulativeShare: Math.round((beforeCents / totalCents) * 10000) / 10000,
      class: startsAt < 0.8 ? 'A' : startsAt < 0.95 ? 'B' : 'C',
    };
  });
}
