/**
 * Fills the inbox tables for bench/inbox.ts and the EXPLAIN test: `users` users in
 * `groups` groups (each in two), `openTasks` open tasks (40 % assigned, 59 % claimable by a
 * group, 1 % open to everyone; due dates from 40 hours ago to 200 hours ahead, some
 * without; priorities 0..100) plus a fifth as many completed ones, and a session per user
 * whose token is `inbox-bench-<n>`. One SQL statement per table, then ANALYZE.
 */
import type { Pool } from '../stores/db.js';

export interface InboxFill {
  users: number;
  groups: number;
  openTasks: number;
}

export const benchUser = (n: number) => `user-${String(n).padStart(4, '0')}`;
export const benchToken = (n: number) => `inbox-bench-${n}`;

export async function fillInbox(pool: Pool, { users, groups, openTasks }: InboxFill): Promise<void> {
  const group = (expression: string) => `'team-' || lpad(((${expression}) % ${groups})::text, 2, '0')`;
  await pool.query(
    `INSERT INTO bpm.users (username, name, password_hash, groups)
     SELECT 'user-' || lpad(i::text, 4, '0'), 'Bench user ' || i, 'scrypt$unused$unused', ARRAY[${group('i')}, ${group('i * 7 + 3')}]
     FROM generate_series(0, $1 - 1) AS i`,
    [users],
  );
  await pool.query(
    `INSERT INTO bpm.sessions (token_sha256, user_id, expires_at)
     SELECT encode(sha256(convert_to('inbox-bench-' || (u.id - first.id), 'UTF8')), 'hex'), u.id, now() + interval '1 day'
     FROM bpm.users u, (SELECT min(id) AS id FROM bpm.users WHERE username LIKE 'user-%') first WHERE u.username LIKE 'user-%'`,
  );
  const total = Math.round(openTasks * 1.2);
  await pool.query(
    `INSERT INTO bpm.tasks (id, instance_id, element_id, loop_counter, name, process_key, business_key, assignee, candidate_groups,
       open_to_everyone, due_at, priority, created_at, state, completed_at, completed_by, variables)
     SELECT 'bench-' || i, 'bench-instance-' || (i / 3), 'Task_' || (i % 5), i % 3 + 1, 'Bench step ' || (i % 5), 'bench-process-' || (i % 4),
       'BK-' || (i / 3),
       CASE WHEN i % 10 < 4 THEN 'user-' || lpad((i % $2)::text, 4, '0') END,
       CASE WHEN i % 10 >= 4 AND i % 100 <> 99 THEN ARRAY[${group('i')}] ELSE '{}' END,
       i % 100 = 99,
       CASE WHEN i % 7 <> 0 THEN now() + ((i % 240) - 40) * interval '1 hour' END,
       i % 101,
       now() - (i % 20000) * interval '1 minute',
       CASE WHEN i >= $1 THEN 'completed' ELSE 'open' END,
       CASE WHEN i >= $1 THEN now() END,
       CASE WHEN i >= $1 THEN 'user-' || lpad((i % $2)::text, 4, '0') END,
       '{"amount": 100, "note": "bench"}'
     FROM generate_series(0, $3 - 1) AS i`,
    [openTasks, users, total],
  );
  await pool.query('ANALYZE bpm.tasks');
  await pool.query('ANALYZE bpm.task_offers');
  await pool.query('ANALYZE bpm.users');
  await pool.query('ANALYZE bpm.sessions');
}
