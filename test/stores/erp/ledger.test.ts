import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../../stores/db.js';
import { accounts, listJournal, postEntry, reverseEntry, trialBalance } from '../../../stores/erp/ledger.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';
import { effect } from '../../support/shop.js';

describe('erp ledger', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.drop());

  it('should refuse at commit an unbalanced entry inserted by hand', async () => {
    // when
    const posting = inTransaction(db.pool, async (client) => {
      const { rows } = await client.query(
        `INSERT INTO erp.journal_entries (source_type, idempotency_key, request_hash) VALUES ('manual', 'unbalanced', 'x') RETURNING id`,
      );
      await client.query(`INSERT INTO erp.journal_lines (entry_id, account_code, debit) VALUES ($1, '1000', 100)`, [rows[0].id]);
      await client.query(`INSERT INTO erp.journal_lines (entry_id, account_code, credit) VALUES ($1, '4000', 99.99)`, [rows[0].id]);
      // then: each statement was accepted; the deferred check speaks at COMMIT
    });
    // then
    await expect(posting).rejects.toThrow(/does not balance/);
    expect((await db.pool.query(`SELECT count(*) AS n FROM erp.journal_entries`)).rows[0].n).toBe(0);
  });

  it('should refuse an entry with no lines at all', async () => {
    // when
    const posting = db.pool.query(`INSERT INTO erp.journal_entries (source_type, idempotency_key, request_hash) VALUES ('manual', 'empty', 'x')`);
    // then
    await expect(posting).rejects.toThrow(/does not balance: 0 lines/);
  });

  it.each([
    ['both sides on one line', 10, 10],
    ['a negative debit', -10, 0],
    ['a zero line', 0, 0],
  ])('should refuse a journal line with %s', async (_case, debit, credit) => {
    // when
    const posting = inTransaction(db.pool, async (client) => {
      const { rows } = await client.query(
        `INSERT INTO erp.journal_entries (source_type, idempotency_key, request_hash) VALUES ('manual', $1, 'x') RETURNING id`,
        [`one-sided-${String(_case)}`],
      );
      await client.query(`INSERT INTO erp.journal_lines (entry_id, account_code, debit, credit) VALUES ($1, '1000', $2, $3)`, [rows[0].id, debit, credit]);
    });
    // then
    await expect(posting).rejects.toThrow(/one_sided_line/);
  });

  it('should refuse UPDATE and DELETE of a posted line or entry', async () => {
    // given
    const entry = (await postEntry(db.pool, effect(), {
      sourceType: 'manual',
      sourceId: null,
      memo: 'opening cash',
      lines: [
        { account: accounts.bank, debit: 500 },
        { account: accounts.revenue, credit: 500 },
      ],
    }))!;
    // when / then
    await expect(db.pool.query(`UPDATE erp.journal_lines SET debit = 600 WHERE entry_id = $1 AND debit > 0`, [entry.id])).rejects.toThrow(/never changed/);
    await expect(db.pool.query(`DELETE FROM erp.journal_lines WHERE entry_id = $1`, [entry.id])).rejects.toThrow(/never changed/);
    await expect(db.pool.query(`UPDATE erp.journal_entries SET memo = 'edited' WHERE id = $1`, [entry.id])).rejects.toThrow(/never changed/);
    await expect(db.pool.query(`DELETE FROM erp.journal_entries WHERE id = $1`, [entry.id])).rejects.toThrow(/never changed/);
    await expect(db.pool.query(`TRUNCATE erp.journal_lines CASCADE`)).rejects.toThrow(/never changed/);
  });

  it('should correct by a reversal linked to the entry it reverses', async () => {
    // given
    const entry = (await postEntry(db.pool, effect(), {
      sourceType: 'manual',
      sourceId: 7,
      memo: 'mistake',
      lines: [
        { account: accounts.bank, debit: 42.5 },
        { account: accounts.revenue, credit: 42.5 },
      ],
    }))!;
    // when
    const reversal = await reverseEntry(db.pool, effect(), entry.id);
    // then
    expect(reversal).toMatchObject({
      reversesEntryId: entry.id,
      lines: [
        { account: '1000', debit: 0, credit: 42.5 },
        { account: '4000', debit: 42.5, credit: 0 },
      ],
    });
    expect((await listJournal(db.pool, { sourceId: 7 })).map((e) => e.id)).toEqual([entry.id, reversal.id]);
    await expect(reverseEntry(db.pool, effect(), entry.id)).rejects.toThrow(/reverses_entry_id/);
  });

  it('should keep the trial balance balanced', async () => {
    // when
    const balance = await trialBalance(db.pool);
    // then
    expect(balance.totalDebit).toBe(balance.totalCredit);
    expect(balance.accounts.map((account) => account.code)).toEqual(['1000', '1200', '1400', '2100', '2200', '4000', '5000']);
    expect(balance.accounts.find((account) => account.code === '1000')).toMatchObject({ debit: 542.5, credit: 42.5, balance: 500 });
  });
});
