import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';
import { createClient, findClientByName } from './clients.js';

export type LeadStatus = 'new' | 'qualified' | 'disqualified';

export interface Lead {
  id: number;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  source: string | null;
  owner: string | null;
  status: LeadStatus;
  clientId: number | null;
  qualifiedAt: string | null;
  createdAt: string;
}

export interface NewLead {
  name: string;
  company?: string | null;
  email?: string | null;
  phone?: string | null;
  source?: string | null;
  owner?: string | null;
  clientId?: number | null;
}

interface LeadRow {
  id: number;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  source: string | null;
  owner: string | null;
  status: LeadStatus;
  client_id: number | null;
  qualified_at: Date | null;
  created_at: Date;
}

const columns = `id, name, company, email, phone, source, owner, status, client_id, qualified_at, created_at`;

function toLead(row: LeadRow): Lead {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    email: row.email,
    phone: row.phone,
    source: row.source,
    owner: row.owner,
    status: row.status,
    clientId: row.client_id,
    qualifiedAt: row.qualified_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export async function createLead(db: Db, effect: Effect, input: NewLead): Promise<Lead> {
  const { rows } = await db.query<LeadRow>(
    `INSERT INTO crm.leads (name, company, email, phone, source, owner, client_id, idempotency_key, request_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${columns}`,
    [input.name, input.company ?? null, input.email ?? null, input.phone ?? null, input.source ?? null, input.owner ?? null, input.clientId ?? null, effect.key, effect.requestHash],
  );
  return toLead(rows[0]!);
}

/**
 * A lead qualifies into a client: the one it already names, else the client whose name is
 * the lead's company, else a new client card made from the lead (its person as contact).
 * A disqualified lead cannot be qualified; an already qualified one is returned as it is.
 */
export async function qualifyLead(db: Db, effect: Effect, leadId: number): Promise<Lead> {
  return atomically(db, async (client) => {
    const { rows } = await client.query<LeadRow>(`SELECT ${columns} FROM crm.leads WHERE id = $1 FOR UPDATE`, [leadId]);
    if (!rows[0]) throw new DomainError('NOT_FOUND', `No lead ${leadId}`);
    const lead = toLead(rows[0]);
    if (lead.status === 'qualified') return lead;
    if (lead.status === 'disqualified') throw new DomainError('INVALID_STATE', `Lead ${leadId} is disqualified`);
    const clientName = lead.company ?? lead.name;
    const clientId =
      lead.clientId ??
      (await findClientByName(client, clientName))?.id ??
      (
        await createClient(client, { ...effect, key: `${effect.key}/client` }, {
          name: clientName,
          owner: lead.owner,
          contacts: lead.company ? [{ name: lead.name, email: lead.email, phone: lead.phone }] : [],
        })
      ).id;
    const updated = await client.query<LeadRow>(
      `UPDATE crm.leads SET status = 'qualified', client_id = $2, qualified_at = now() WHERE id = $1 RETURNING ${columns}`,
      [leadId, clientId],
    );
    return toLead(updated.rows[0]!);
  });
}

export async function disqualifyLead(db: Db, leadId: number): Promise<Lead> {
  const { rows } = await db.query<LeadRow>(
    `UPDATE crm.leads SET status = 'disqualified' WHERE id = $1 AND status = 'new' RETURNING ${columns}`,
    [leadId],
  );
  if (rows[0]) return toLead(rows[0]);
  const lead = await findLead(db, leadId);
  if (!lead) throw new DomainError('NOT_FOUND', `No lead ${leadId}`);
  throw new DomainError('INVALID_STATE', `Lead ${leadId} is ${lead.status}`);
}

export async function findLead(db: Db, id: number): Promise<Lead | undefined> {
  const { rows } = await db.query<LeadRow>(`SELECT ${columns} FROM crm.leads WHERE id = $1`, [id]);
  return rows[0] && toLead(rows[0]);
}

export async function listLeads(db: Db, filter: { status?: LeadStatus } = {}): Promise<Lead[]> {
  const { rows } = await db.query<LeadRow>(
    `SELECT ${columns} FROM crm.leads WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id DESC`,
    [filter.status ?? null],
  );
  return rows.map(toLead);
}
