import type { Db } from '../tx.js';

/** Net revenue per client in [from, to): invoices less credit notes, by the date each was issued. */
export async function revenueByClient(db: Db, period: { from?: string | undefined; to?: string | undefined } = {}): Promise<Array<{ clientId: number; revenue: number }>> {
  const { rows } = await db.query<{ client_id: number; revenue: number }>(
    `SELECT client_id, sum(amount) AS revenue FROM (
       SELECT client_id, net_total AS amount, issued_at FROM erp.invoices
       UNION ALL
       SELECT client_id, -net_total, issued_at FROM erp.credit_notes
     ) documents
      WHERE ($1::timestamptz IS NULL OR issued_at >= $1) AND ($2::timestamptz IS NULL OR issued_at < $2)
      GROUP BY client_id HAVING sum(amount) > 0 ORDER BY revenue DESC, client_id`,
    [period.from ?? null, period.to ?? null],
  );
  return rows.map((row) => ({ clientId: row.client_id, revenue: row.revenue }));
}
