import type { Db } from '../tx.js';
import type { DealStage } from './deals.js';

export interface FunnelStage {
  stage: DealStage;
  /** Deals opened in the period that reached this stage (or a later one of the pipeline). */
  deals: number;
  amount: number;
  /** Share of them that reached the next stage of the pipeline; null for won and lost. */
  conversionToNext: number | null;
  /** Median days a deal stayed in the stage before it moved on (stays that ended only). */
  medianDaysInStage: number | null;
}

/** The pipeline in order; `lost` is reported beside it, reached from any open stage. */
const pipeline: readonly DealStage[] = ['new', 'proposal', 'negotiation', 'won'];

/**
 * The sales funnel of the deals opened in [from, to), read from the stage history (CRM
 * keeps every stage change with its time): a deal that skipped a stage (new to won)
 * still counts as having passed it, as sales people read a funnel.
 */
export async function salesFunnel(db: Db, period: { from?: string | undefined; to?: string | undefined } = {}): Promise<FunnelStage[]> {
  const { rows } = await db.query<{ stage: DealStage; deals: number; amount: number; median_days: number | null }>(
    `WITH deals AS (
       SELECT id, amount FROM crm.deals
        WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)
     ), history AS (
       SELECT h.deal_id, h.to_stage, h.changed_at,
              lead(h.changed_at) OVER (PARTITION BY h.deal_id ORDER BY h.changed_at, h.id) AS left_at
         FROM crm.deal_stage_history h JOIN deals d ON d.id = h.deal_id
     ), furthest AS (
       SELECT deal_id, max(array_position($3::text[], to_stage)) AS reached FROM history GROUP BY deal_id
     ), stages AS (
       SELECT s.stage, s.n FROM unnest($4::text[]) WITH ORDINALITY AS s(stage, n)
     )
     SELECT s.stage,
            (SELECT count(*)::int FROM furthest f WHERE CASE WHEN s.stage = 'lost' THEN EXISTS (SELECT 1 FROM history h WHERE h.deal_id = f.deal_id AND h.to_stage = 'lost')
                                                         ELSE f.reached >= array_position($3::text[], s.stage) END) AS deals,
            (SELECT coalesce(sum(d.amount), 0) FROM furthest f JOIN deals d ON d.id = f.deal_id
              WHERE CASE WHEN s.stage = 'lost' THEN EXISTS (SELECT 1 FROM history h WHERE h.deal_id = f.deal_id AND h.to_stage = 'lost')
                         ELSE f.reached >= array_position($3::text[], s.stage) END) AS amount,
            (SELECT round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.left_at - h.changed_at)) / 86400)::numeric, 1)
               FROM history h WHERE h.to_stage = s.stage AND h.left_at IS NOT NULL) AS median_days
       FROM stages s ORDER BY s.n`,
    [period.from ?? null, period.to ?? null, [...pipeline], [...pipeline, 'lost']],
  );
  return rows.map((row) => {
    const index = pipeline.indexOf(row.stage);
    const next = index >= 0 && index < pipeline.length - 1 ? rows.find((candidate) => candidate.stage === pipeline[index + 1]) : undefined;
    return {
      stage: row.stage,
      deals: row.deals,
      amount: row.amount,
      conversionToNext: next && row.deals > 0 ? Math.round((next.deals / row.deals) * 1000) / 1000 : null,
      medianDaysInStage: row.median_days,
    };
  });
}
