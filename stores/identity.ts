import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Pool } from './db.js';

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

export async function createUser(
  pool: Pool,
  user: { username: string; name: string; password: string; groups: string[] },
): Promise<User | undefined> {
  const { rows } = await pool.query<User>(
    `INSERT INTO bpm.users (username, name, password_hash, groups) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO NOTHING RETURNING ${userColumns}`,
    [user.username, user.name, await hashPassword(user.password), [...new Set(user.groups)]],
  );
  return rows[0];
}

export async function findUser(pool: Pool, username: string): Promise<User | undefined> {
  const { rows } = await pool.query<User>(`SELECT ${userColumns} FROM bpm.users WHERE username = $1`, [username]);
  return rows[0];
}

export async function listUsers(pool: Pool): Promise<User[]> {
  const { rows } = await pool.query<User>(`SELECT ${userColumns} FROM bpm.users ORDER BY username`);
  return rows;
}

/** Checks the password and opens a session; undefined when either is wrong. */
export async function login(pool: Pool, username: string, password: string): Promise<{ token: string; user: User } | undefined> {
  const { rows } = await pool.query<UserRow>(`SELECT ${userColumns}, password_hash FROM bpm.users WHERE username = $1`, [username]);
  const row = rows[0];
  // Hash anyway when the user is unknown, so timing does not reveal which usernames exist.
  const valid = await verifyPassword(password, row?.password_hash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAA');
  if (!row || !valid) return undefined;
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
     WHERE s.token_sha256 = $1 AND s.expires_at > now()`,
    [sha256(token)],
  );
  return rows[0];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
