import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';

export interface Client {
  id: number;
  name: string;
  /** Username of the account manager who owns the client. */
  owner: string | null;
  /** null: no limit agreed, orders are not credit-checked. */
  creditLimit: number | null;
  createdAt: string;
}

export interface LegalEntity {
  id: number;
  name: string;
  taxId: string | null;
  address: string | null;
}

export interface Contact {
  id: number;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
}

export interface ClientWithParties extends Client {
  legalEntities: LegalEntity[];
  contacts: Contact[];
}

export interface NewClient {
  name: string;
  owner?: string | null;
  creditLimit?: number | null;
  legalEntities?: Array<{ name: string; taxId?: string | null; address?: string | null }>;
  contacts?: Array<{ name: string; role?: string | null; email?: string | null; phone?: string | null }>;
}

const clientColumns = `id, name, owner, credit_limit, created_at`;

interface ClientRow {
  id: number;
  name: string;
  owner: string | null;
  credit_limit: number | null;
  created_at: Date;
}

function toClient(row: ClientRow): Client {
  return { id: row.id, name: row.name, owner: row.owner, creditLimit: row.credit_limit, createdAt: row.created_at.toISOString() };
}

export async function createClient(db: Db, effect: Effect, input: NewClient): Promise<ClientWithParties> {
  return atomically(db, async (client) => {
    const { rows } = await client.query<ClientRow>(
      `INSERT INTO crm.clients (name, owner, credit_limit, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${clientColumns}`,
      [input.name, input.owner ?? null, input.creditLimit ?? null, effect.key, effect.requestHash],
    );
    const created = toClient(rows[0]!);
    for (const entity of input.legalEntities ?? []) {
      await client.query(`INSERT INTO crm.legal_entities (client_id, name, tax_id, address) VALUES ($1, $2, $3, $4)`, [
        created.id,
        entity.name,
        entity.taxId ?? null,
        entity.address ?? null,
      ]);
    }
    for (const contact of input.contacts ?? []) {
      await client.query(`INSERT INTO crm.contacts (client_id, name, role, email, phone) VALUES ($1, $2, $3, $4, $5)`, [
        created.id,
        contact.name,
        contact.role ?? null,
        contact.email ?? null,
        contact.phone ?? null,
      ]);
    }
    return (await findClientWithParties(client, created.id))!;
  });
}

export async function listClients(db: Db): Promise<Client[]> {
  const { rows } = await db.query<ClientRow>(`SELECT ${clientColumns} FROM crm.clients ORDER BY name, id`);
  return rows.map(toClient);
}

export async function findClient(db: Db, id: number): Promise<Client | undefined> {
  const { rows } = await db.query<ClientRow>(`SELECT ${clientColumns} FROM crm.clients WHERE id = $1`, [id]);
  return rows[0] && toClient(rows[0]);
}

/** A lead qualifies into an existing client when the company name matches (case-insensitive). */
export async function findClientByName(db: Db, name: string): Promise<Client | undefined> {
  const { rows } = await db.query<ClientRow>(`SELECT ${clientColumns} FROM crm.clients WHERE lower(name) = lower($1) ORDER BY id LIMIT 1`, [name]);
  return rows[0] && toClient(rows[0]);
}

export async function findClientWithParties(db: Db, id: number): Promise<ClientWithParties | undefined> {
  const found = await findClient(db, id);
  if (!found) return undefined;
  // Sequential, not Promise.all: `db` may be one client, which runs one query at a time.
  const entities = await db.query<{ id: number; name: string; tax_id: string | null; address: string | null }>(
    `SELECT id, name, tax_id, address FROM crm.legal_entities WHERE client_id = $1 ORDER BY id`,
    [id],
  );
  const contacts = await db.query<Contact>(`SELECT id, name, role, email, phone FROM crm.contacts WHERE client_id = $1 ORDER BY id`, [id]);
  return {
    ...found,
    legalEntities: entities.rows.map((row) => ({ id: row.id, name: row.name, taxId: row.tax_id, address: row.address })),
    contacts: contacts.rows,
  };
}
