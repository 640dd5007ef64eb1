import { ConfigError } from '../config/env.js';
import type { Pool } from './db.js';
import { createUser, findUser } from './bpm/identity.js';

/** The groups the shipped processes use (CONTRACT §2 Identity). */
export const KNOWN_GROUPS = ['sales', 'sales-managers', 'warehouse', 'accounting', 'managers', 'designers', 'admin'] as const;

/** Employees of the demo company, one or more per group; the demo CRM data names them. */
export const DEMO_EMPLOYEES = [
  { username: 'sam.sales', name: 'Sam Seller', groups: ['sales'] },
  { username: 'anna.sales', name: 'Anna Berg', groups: ['sales'] },
  { username: 'mia.manager', name: 'Mia Manager', groups: ['sales-managers', 'managers'] },
  { username: 'wes.warehouse', name: 'Wes Warehouse', groups: ['warehouse'] },
  { username: 'alice.accounting', name: 'Alice Accounting', groups: ['accounting'] },
  { username: 'dana.designer', name: 'Dana Designer', groups: ['designers'] },
];

/**
 * Creates the built-in `admin` on first start, with BPM_ADMIN_PASSWORD. Without it, a demo
 * install uses `demoPassword` (generated and kept under DATA_DIR, never in the repository);
 * a production install refuses to start.
 */
export async function ensureAdmin(pool: Pool, adminPassword: string | undefined, demoPassword: string | undefined): Promise<void> {
  if (await findUser(pool, 'admin')) return;
  const password = adminPassword ?? demoPassword;
  if (!password) throw new ConfigError('BPM_ADMIN_PASSWORD is required on first start when BPM_DEMO=0 (it becomes the admin password)');
  await createUser(pool, { username: 'admin', name: 'Administrator', password, groups: ['admin', 'designers', 'managers'] });
}

export async function ensureDemoEmployees(pool: Pool, password: string): Promise<void> {
  for (const employee of DEMO_EMPLOYEES) await createUser(pool, { ...employee, password });
}
