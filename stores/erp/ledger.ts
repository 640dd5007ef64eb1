import { DomainError } from '../errors.js';
import type { Effect } from '../idempotency.js';
import { atomically, type Db } from '../tx.js';

/** The chart of accounts seeded by migration 0300. */
export const accounts = {
  bank: '1000',
  receivable: '1200',
  inventory: '1400',
  goodsReceivedNotInvoiced: '2100',
  taxPayable: '2200',
  revenue: '4000',
  costOfGoodsSold: '5000',
} as const;
export type AccountCode = (typeof accounts)[keyof typeof accounts];

export interface PostingLine {
  account: AccountCode;
  debit?: number;
  credit?: number;
}

export interface JournalLine {
  account: string;
  debit: number;
  credit: number;
}

export interface JournalEntry {
  id: number;
  postedAt: string;
  memo: string;
  sourceType: string;
  sourceId: number | null;
  reversesEntryId: number | null;
  lines: JournalLine[];
}

export interface NewJournalEntry {
  sourceType: string;
  sourceId: number | null;
  memo: string;
  lines: PostingLine[];
  reversesEntryId?: number;
}

/**
 * Posts one entry. Zero lines are dropped (a free item posts no tax line); an entry with
 * nothing left is not posted and yields null. Balance is checked by the database at commit.
 */
export async function postEntry(db: Db, effect: Effect, entry: NewJournalEntry): Promise<JournalEntry | null> {
  const lines = entry.lines.filter((line) => (line.debit ?? 0) !== 0 || (line.credit ?? 0) !== 0);
  if (lines.length === 0) return null;
  return atomically(db, async (client) => {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO erp.journal_entries (memo, source_type, source_id, reverses_entry_id, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [entry.memo, entry.sourceType, entry.sourceId, entry.reversesEntryId ?? null, effect.key, effect.requestHash],
    );
    const entryId = rows[0]!.id;
    await client.query(
      `INSERT INTO erp.journal_lines (entry_id, account_code, debit, credit)
       SELECT $1, account, debit, credit FROM unnest($2::text[], $3::numeric[], $4::numeric[]) AS l(account, debit, credit)`,
      [entryId, lines.map((line) => line.account), lines.map((line) => line.debit ?? 0), lines.map((line) => line.credit ?? 0)],
    );
    return (await listJournal(client, { entryId }))[0]!;
  });
}

/** Corrections never edit: a reversal posts the mirror image and points at the original. */
export async function reverseEntry(db: Db, effect: Effect, entryId: number, memo = ''): Promise<JournalEntry> {
  const [original] = await listJournal(db, { entryId });
  if (!original) throw new DomainError('NOT_FOUND', `No journal entry ${entryId}`);
  const reversal = await postEntry(db, effect, {
    sourceType: original.sourceType,
    sourceId: original.sourceId,
    memo: memo || `Reversal of entry ${entryId}`,
    reversesEntryId: entryId,
    lines: original.lines.map((line) => ({ account: line.account as AccountCode, debit: line.credit, credit: line.debit })),
  });
  return reversal!;
}

export async function listJournal(db: Db, filter: { entryId?: number; sourceId?: number; sourceType?: string } = {}): Promise<JournalEntry[]> {
  const { rows } = await db.query<{
    id: number;
    posted_at: Date;
    memo: string;
    source_type: string;
    source_id: number | null;
    reverses_entry_id: number | null;
    lines: JournalLine[];
  }>(
    `SELECT e.id, e.posted_at, e.memo, e.source_type, e.source_id, e.reverses_entry_id,
            json_agg(json_build_object('account', l.account_code, 'debit', l.debit, 'credit', l.credit) ORDER BY l.id) AS lines
       FROM erp.journal_entries e JOIN erp.journal_lines l ON l.entry_id = e.id
      WHERE ($1::bigint IS NULL OR e.id = $1) AND ($2::bigint IS NULL OR e.source_id = $2) AND ($3::text IS NULL OR e.source_type = $3)
      GROUP BY e.id ORDER BY e.id`,
    [filter.entryId ?? null, filter.sourceId ?? null, filter.sourceType ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    postedAt: row.posted_at.toISOString(),
    memo: row.memo,
    sourceType: row.source_type,
    sourceId: row.source_id,
    reversesEntryId: row.reverses_entry_id,
    // json_build_object renders NUMERIC as a JSON number already
    lines: row.lines.map((line) => ({ account: line.account, debit: Number(line.debit), credit: Number(line.credit) })),
  }));
}

export interface TrialBalance {
  accounts: Array<{ code: string; name: string; debit: number; credit: number; balance: number }>;
  totalDebit: number;
  totalCredit: number;
}

/** Sums per account, computed in NUMERIC; balance is debit minus credit. */
export async function trialBalance(db: Db): Promise<TrialBalance> {
  const { rows } = await db.query<{ code: string; name: string; debit: number; credit: number; balance: number }>(
    `SELECT a.code, a.name, coalesce(sum(l.debit), 0) AS debit, coalesce(sum(l.credit), 0) AS credit,
            coalesce(sum(l.debit), 0) - coalesce(sum(l.credit), 0) AS balance
       FROM erp.accounts a LEFT JOIN erp.journal_lines l ON l.account_code = a.code
      GROUP BY a.code, a.name ORDER BY a.code`,
  );
  const totals = await db.query<{ debit: number; credit: number }>(
    `SELECT coalesce(sum(debit), 0) AS debit, coalesce(sum(credit), 0) AS credit FROM erp.journal_lines`,
  );
  return { accounts: rows, totalDebit: totals.rows[0]!.debit, totalCredit: totals.rows[0]!.credit };
}

/** Debit minus credit of one account, e.g. what clients still owe (1200). */
export async function accountBalance(db: Db, code: AccountCode): Promise<number> {
  const { rows } = await db.query<{ balance: number }>(
    `SELECT coalesce(sum(debit), 0) - coalesce(sum(credit), 0) AS balance FROM erp.journal_lines WHERE account_code = $1`,
    [code],
  );
  return rows[0]!.balance;
}
