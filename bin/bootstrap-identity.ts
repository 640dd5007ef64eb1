import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../config/env.js';
import type { Pool } from '../stores/db.js';
import { seedDemoData } from '../stores/demo-seed.js';
import { DEMO_EMPLOYEES, ensureAdmin, ensureDemoEmployees } from '../stores/identity-bootstrap.js';

/**
 * The admin user on first start and, in demo mode, the demo employees and company data
 * (clients, leads, deals, products, stock). Returns a line
 * that tells the person at the terminal how to log in.
 */
export async function bootstrapIdentity(pool: Pool, env: Env): Promise<string> {
  const demoPassword = env.BPM_DEMO ? await readOrCreateDemoPassword(env.DATA_DIR) : undefined;
  await ensureAdmin(pool, env.BPM_ADMIN_PASSWORD, demoPassword);
  if (!demoPassword) return 'admin (password: BPM_ADMIN_PASSWORD)';
  await ensureDemoEmployees(pool, env.BPM_ADMIN_PASSWORD ?? demoPassword);
  await seedDemoData(pool);
  const where = env.BPM_ADMIN_PASSWORD ? 'BPM_ADMIN_PASSWORD' : join(env.DATA_DIR, 'demo-password');
  return `admin, or a demo employee (${DEMO_EMPLOYEES.map((e) => e.username).join(', ')}); password in ${where}`;
}

/** Generated once per DATA_DIR, never committed: demo logins without a secret in the repo. */
async function readOrCreateDemoPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'demo-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(9).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
