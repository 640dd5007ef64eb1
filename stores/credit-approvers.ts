import type { Db } from './tx.js';

/** The groups whose members may let an order pass the client's credit limit. */
export const creditApproverGroups = ['accounting', 'managers'] as const;

/**
 * Whether `username` is an active user of accounting or managers. Read as JSON so the
 * check works before and after the identity store gains its `active` flag: a user is
 * active unless the flag says false.
 */
export async function mayApproveCredit(db: Db, username: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `SELECT (to_jsonb(u) ->> 'active') IS DISTINCT FROM 'false' AND u.groups && $2::text[] AS ok
       FROM bpm.users u WHERE u.username = $1`,
    [username, [...creditApproverGroups]],
  );
  return rows[0]?.ok === true;
}
