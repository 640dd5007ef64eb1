import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import type { Db } from '../tx.js';

export const interactionKinds = ['call', 'email', 'meeting', 'sms', 'note'] as const;
/** What people log; `stage_change` is written by the CRM itself when a deal moves. */
export type InteractionKind = (typeof interactionKinds)[number] | 'stage_change';

export interface Interaction {
  id: number;
  clientId: number;
  dealId: number | null;
  kind: InteractionKind;
  summary: string;
  by: string | null;
  at: string;
}

export interface NewInteraction {
  clientId: number;
  kind: InteractionKind;
  summary: string;
  by?: string | null;
  dealId?: number | null;
}

interface InteractionRow {
  id: number;
  client_id: number;
  deal_id: number | null;
  kind: InteractionKind;
  summary: string;
  logged_by: string | null;
  at: Date;
}

const columns = `id, client_id, deal_id, kind, summary, logged_by, at`;

function toInteraction(row: InteractionRow): Interaction {
  return { id: row.id, clientId: row.client_id, dealId: row.deal_id, kind: row.kind, summary: row.summary, by: row.logged_by, at: row.at.toISOString() };
}

/** Appends to the client's history; history is never edited (a trigger refuses UPDATE/DELETE). */
export async function logInteraction(db: Db, effect: Effect, input: NewInteraction): Promise<Interaction> {
  const { rows } = await db.query<InteractionRow>(
    `INSERT INTO crm.interactions (client_id, deal_id, kind, summary, logged_by, idempotency_key, request_hash)
     SELECT c.id, $2, $3, $4, $5, $6, $7 FROM crm.clients c WHERE c.id = $1
     RETURNING ${columns}`,
    [input.clientId, input.dealId ?? null, input.kind, input.summary, input.by ?? null, effect.key, effect.requestHash],
  );
  if (!rows[0]) throw new DomainError('UNKNOWN_CLIENT', `No client ${input.clientId}`);
  return toInteraction(rows[0]);
}

/** Newest first, as the client card shows them. */
export async function listInteractions(db: Db, clientId: number): Promise<Interaction[]> {
  const { rows } = await db.query<InteractionRow>(`SELECT ${columns} FROM crm.interactions WHERE client_id = $1 ORDER BY at DESC, id DESC`, [clientId]);
  return rows.map(toInteraction);
}
