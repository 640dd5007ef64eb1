import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { inTransaction, type Pool, type PoolClient } from '../db.js';
import { appendAudit } from './audit.js';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const SESSION_HOURS = 12;

export interface User {
  id: number;
  username: string;
  name: string;
  groups: string[];
}

interface UserRow extends User {
  password_hash: string;
}

/** scrypt with a random salt, stored as `scrypt$<salt>$<hash>` (both base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 64);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

const userColumns = 'id, username, name, groups';

/** Creates a user; `by` (an admin's username) is written to the audit log in the same transaction. */
export async function createUser(
  pool: Pool,
  user: { username: string; name: string; password: string; groups: string[] },
  by?: string,
): Promise<User | undefined> {
  const passwordHash = await hashPassword(user.password);
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<User>(
      `INSERT INTO bpm.users (username, name, password_hash, groups) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING ${userColumns}`,
      [user.username, user.name, passwordHash, [...new Set(user.groups)]],
    );
    const created = rows[0];
    if (created && by) await appendAudit(client, { actor: by, action: 'user.created', target: created.username, details: { name: created.name, groups: created.groups } });
    return created;
  });
}

export async function findUser(pool: Pool, username: string): Promise<User | undefined> {
  const { rows } = await pool.query<User>(`SELECT ${userColumns} FROM bpm.users WHERE username = $1`, [username]);
  return rows[0];
}

export interface UserAccount extends User {
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * Users whose username or name contains `q` (all when empty). Active ones only unless
 * `includeInactive` (admins see everyone).
 */
export async function listUsers(pool: Pool, query: { q?: string; includeInactive?: boolean; limit?: number } = {}): Promise<UserAccount[]> {
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await pool.query<{ id: number; username: string; name: string; groups: string[]; active: boolean; created_at: Date; updated_at: Date }>(
    `SELECT ${userColumns}, active, created_at, updated_at FROM bpm.users
     WHERE ($1::text IS NULL OR username ILIKE $1 OR name ILIKE $1) AND (active OR $2)
     ORDER BY username LIMIT $3`,
    [pattern, query.includeInactive ?? false, query.limit ?? 200],
  );
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    name: row.name,
    groups: row.groups,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
}

/** Active users named in `usernames` (to check a delegate exists and may work). */
export async function findActiveUser(pool: Pool, username: string): Promise<User | undefined> {
  const { rows } = await pool.query<User>(`SELECT ${userColumns} FROM bpm.users WHERE username = $1 AND active`, [username]);
  return rows[0];
}

/**
 * Changes name, groups or active; deactivating ends every session of the user in the
 * same transaction, so their tokens stop working at once.
 */
export async function updateUser(
  pool: Pool,
  username: string,
  change: { name?: string; groups?: string[]; active?: boolean },
  by?: string,
): Promise<UserAccount | undefined> {
  return inTransaction(pool, async (client) => {
    const before = (await listUsersIn(client, username, 'FOR UPDATE'))[0];
    const { rows } = await client.query<{ id: number }>(
      `UPDATE bpm.users SET name = COALESCE($2, name), groups = COALESCE($3, groups), active = COALESCE($4, active), updated_at = now()
       WHERE username = $1 RETURNING id`,
      [username, change.name ?? null, change.groups ? [...new Set(change.groups)] : null, change.active ?? null],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (change.active === false) await client.query(`DELETE FROM bpm.sessions WHERE user_id = $1`, [row.id]);
    const [account] = await listUsersIn(client, username);
    // Only what really changed: the same PATCH again logs nothing.
    const changed = before && account ? changedFields(before, account) : {};
    if (by && Object.keys(changed).length) await appendAudit(client, { actor: by, action: 'user.changed', target: username, details: changed });
    return account;
  });
}

function changedFields(before: UserAccount, after: UserAccount): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  if (before.name !== after.name) changed.name = after.name;
  if (before.groups.join() !== after.groups.join()) changed.groups = after.groups;
  if (before.active !== after.active) changed.active = after.active;
  return changed;
}

async function listUsersIn(client: PoolClient, username: string, lock: '' | 'FOR UPDATE' = ''): Promise<UserAccount[]> {
  const { rows } = await client.query<{ id: number; username: string; name: string; groups: string[]; active: boolean; created_at: Date; updated_at: Date }>(
    `SELECT ${userColumns}, active, created_at, updated_at FROM bpm.users WHERE username = $1 ${lock}`,
    [username],
  );
  return rows.map((row) => ({ id: row.id, username: row.username, name: row.name, groups: row.groups, active: row.active, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() }));
}

/** Ends one session (logout): the token stops working at once. */
export async function endSession(pool: Pool, token: string): Promise<void> {
  await pool.query(`DELETE FROM bpm.sessions WHERE token_sha256 = $1`, [sha256(token)]);
}

/**
 * Changes the password when the current one is right; every other session of the user
 * ends (whoever knew the old password is out), the caller's own stays.
 */
export async function changePassword(pool: Pool, userId: number, token: string, currentPassword: string, newPassword: string): Promise<boolean> {
  const { rows } = await pool.query<{ password_hash: string }>(`SELECT password_hash FROM bpm.users WHERE id = $1`, [userId]);
  if (!rows[0] || !(await verifyPassword(currentPassword, rows[0].password_hash))) return false;
  const hash = await hashPassword(newPassword);
  await inTransaction(pool, async (client) => {
    await client.query(`UPDATE bpm.users SET password_hash = $2, updated_at = now() WHERE id = $1`, [userId, hash]);
    await client.query(`DELETE FROM bpm.sessions WHERE user_id = $1 AND token_sha256 <> $2`, [userId, sha256(token)]);
  });
  return true;
}

/** Login throttling: this many failures for one username within the window lock it for LOCK_MINUTES. */
export const MAX_LOGIN_FAILURES = 5;
const FAILURE_WINDOW_MINUTES = 15;
const LOCK_MINUTES = 15;

/** When the username is locked out, until when (ISO); else undefined. */
export async function loginLockedUntil(pool: Pool, username: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ locked_until: Date }>(
    `SELECT locked_until FROM bpm.login_failures WHERE username = $1 AND locked_until > now()`,
    [username],
  );
  return rows[0]?.locked_until.toISOString();
}

async function recordLoginFailure(pool: Pool, username: string): Promise<void> {
  await pool.query(
    `INSERT INTO bpm.login_failures AS f (username, failures, first_failed_at) VALUES ($1, 1, now())
     ON CONFLICT (username) DO UPDATE SET
       failures = CASE WHEN f.first_failed_at > now() - make_interval(mins => $2) THEN f.failures + 1 ELSE 1 END,
       first_failed_at = CASE WHEN f.first_failed_at > now() - make_interval(mins => $2) THEN f.first_failed_at ELSE now() END`,
    [username, FAILURE_WINDOW_MINUTES],
  );
  await pool.query(
    `UPDATE bpm.login_failures SET locked_until = now() + make_interval(mins => $3) WHERE username = $1 AND failures >= $2`,
    [username, MAX_LOGIN_FAILURES, LOCK_MINUTES],
  );
}

/** Checks the password and opens a session; undefined when either is wrong. */
export async function login(pool: Pool, username: string, password: string): Promise<{ token: string; user: User } | undefined> {
  const { rows } = await pool.query<UserRow>(`SELECT ${userColumns}, password_hash FROM bpm.users WHERE username = $1 AND active`, [username]);
  const row = rows[0];
  // Hash anyway when the user is unknown, so timing does not reveal which usernames exist.
  const valid = await verifyPassword(password, row?.password_hash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAA');
  if (!row || !valid) {
    await recordLoginFailure(pool, username);
    return undefined;
  }
  await pool.query(`DELETE FROM bpm.login_failures WHERE username = $1`, [username]);
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO bpm.sessions (token_sha256, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`,
    [sha256(token), row.id, SESSION_HOURS],
  );
  const { password_hash: _hash, ...user } = row;
  return { token, user };
}

export async function userForToken(pool: Pool, token: string): Promise<User | undefined> {
  const { rows } = await pool.query<User>(
    `SELECT u.id, u.username, u.name, u.groups FROM bpm.sessions s JOIN bpm.users u ON u.id = s.user_id
     WHERE s.token_sha256 = $1 AND s.expires_at > now() AND u.active`,
    [sha256(token)],
  );
  return rows[0];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
