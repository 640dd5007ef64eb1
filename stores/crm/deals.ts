import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';
import { findClient } from './clients.js';
import { logInteraction } from './interactions.js';

export const dealStages = ['new', 'proposal', 'negotiation', 'won', 'lost'] as const;
export type DealStage = (typeof dealStages)[number];
const closedStages: ReadonlySet<DealStage> = new Set(['won', 'lost']);

export interface Deal {
  id: number;
  clientId: number;
  title: string;
  amount: number;
  stage: DealStage;
  owner: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface StageChange {
  fromStage: DealStage | null;
  toStage: DealStage;
  by: string | null;
  at: string;
}

interface DealRow {
  id: number;
  client_id: number;
  title: string;
  amount: number;
  stage: DealStage;
  owner: string | null;
  created_at: Date;
  closed_at: Date | null;
}

const columns = `id, client_id, title, amount, stage, owner, created_at, closed_at`;

function toDeal(row: DealRow): Deal {
  return {
    id: row.id,
    clientId: row.client_id,
    title: row.title,
    amount: row.amount,
    stage: row.stage,
    owner: row.owner,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

export interface NewDeal {
  clientId: number;
  title: string;
  amount: number;
  owner?: string | null;
  by?: string | null;
  /** When it happened, for history recorded after the fact (imports, the demo); default now. */
  at?: string | null;
}

/** Opens a deal at stage `new`; the opening is the first row of its stage history. */
export async function createDeal(db: Db, effect: Effect, input: NewDeal): Promise<Deal> {
  return atomically(db, async (client) => {
    const owner = await findClient(client, input.clientId);
    if (!owner) throw new DomainError('UNKNOWN_CLIENT', `No client ${input.clientId}`);
    const { rows } = await client.query<DealRow>(
      `INSERT INTO crm.deals (client_id, title, amount, owner, created_at, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, now()), $6, $7) RETURNING ${columns}`,
      [input.clientId, input.title, input.amount, input.owner ?? owner.owner, input.at ?? null, effect.key, effect.requestHash],
    );
    const deal = toDeal(rows[0]!);
    await recordStageChange(client, effect, deal.id, null, 'new', input.by ?? null, input.at ?? null);
    return deal;
  });
}

/**
 * Moves a deal to `stage`, keeping who and when. Won and lost are final: moving a closed
 * deal elsewhere is INVALID_STAGE. Setting the stage it already has changes nothing.
 */
export async function setDealStage(db: Db, effect: Effect, input: { dealId: number; stage: DealStage; by?: string | null; at?: string | null }): Promise<Deal> {
  return atomically(db, async (client) => {
    const { rows } = await client.query<DealRow>(`SELECT ${columns} FROM crm.deals WHERE id = $1 FOR UPDATE`, [input.dealId]);
    if (!rows[0]) throw new DomainError('NOT_FOUND', `No deal ${input.dealId}`);
    const deal = toDeal(rows[0]);
    if (deal.stage === input.stage) return deal;
    if (closedStages.has(deal.stage)) {
      throw new DomainError('INVALID_STAGE', `Deal ${deal.id} is ${deal.stage}, which is final; it cannot move to ${input.stage}`);
    }
    const updated = await client.query<DealRow>(
      `UPDATE crm.deals SET stage = $2, closed_at = CASE WHEN $2 IN ('won', 'lost') THEN coalesce($3::timestamptz, now()) END
       WHERE id = $1 RETURNING ${columns}`,
      [deal.id, input.stage, input.at ?? null],
    );
    await recordStageChange(client, effect, deal.id, deal.stage, input.stage, input.by ?? null, input.at ?? null);
    await logInteraction(client, { ...effect, key: `${effect.key}/interaction` }, {
      clientId: deal.clientId,
      dealId: deal.id,
      kind: 'stage_change',
      summary: `Deal "${deal.title}": ${deal.stage} -> ${input.stage}`,
      by: input.by ?? null,
    });
    return toDeal(updated.rows[0]!);
  });
}

async function recordStageChange(db: Db, effect: Effect, dealId: number, from: DealStage | null, to: DealStage, by: string | null, at: string | null): Promise<void> {
  await db.query(
    `INSERT INTO crm.deal_stage_history (deal_id, from_stage, to_stage, changed_by, changed_at, idempotency_key, request_hash)
     VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, now()), $6, $7)`,
    [dealId, from, to, by, at, effect.key, effect.requestHash],
  );
}

export async function findDeal(db: Db, id: number): Promise<Deal | undefined> {
  const { rows } = await db.query<DealRow>(`SELECT ${columns} FROM crm.deals WHERE id = $1`, [id]);
  return rows[0] && toDeal(rows[0]);
}

export async function listDeals(db: Db, filter: { clientId?: number } = {}): Promise<Deal[]> {
  const { rows } = await db.query<DealRow>(
    `SELECT ${columns} FROM crm.deals WHERE ($1::bigint IS NULL OR client_id = $1) ORDER BY created_at DESC, id DESC`,
    [filter.clientId ?? null],
  );
  return rows.map(toDeal);
}

/** Oldest first: the order cycle times are computed in. */
export async function dealStageHistory(db: Db, dealId: number): Promise<StageChange[]> {
  const { rows } = await db.query<{ from_stage: DealStage | null; to_stage: DealStage; changed_by: string | null; changed_at: Date }>(
    `SELECT from_stage, to_stage, changed_by, changed_at FROM crm.deal_stage_history WHERE deal_id = $1 ORDER BY changed_at, id`,
    [dealId],
  );
  return rows.map((row) => ({ fromStage: row.from_stage, toStage: row.to_stage, by: row.changed_by, at: row.changed_at.toISOString() }));
}
