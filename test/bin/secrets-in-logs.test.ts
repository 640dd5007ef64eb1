import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../local-stack/ports.js';
import { TEMPLATE_DATABASE } from '../support/template.js';
import { launch, waitFor, type Launched } from '../support/launcher.js';

const secret = (what: string) => `${what}-${randomBytes(9).toString('base64url')}`;

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The product run as `npm start` runs it, with a DATABASE_URL that carries a password:
 * after logins (good and bad), a password change, a new user and failing requests,
 * nothing it printed holds a token, a password or the database password.
 */
describe('secrets stay out of the logs (npm start)', () => {
  const databasePassword = secret('dbpw');
  const role = `bpm_secrets_${randomBytes(4).toString('hex')}`;
  const database = `${role}_db`;
  const adminPassword = secret('adminpw');
  let dataDir: string;
  let launched: Launched | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bpm-secrets-'));
    await chmod(dataDir, 0o777);
    await adminQuery(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${databasePassword}'`);
    await adminQuery(`CREATE DATABASE ${database} OWNER ${role} TEMPLATE ${TEMPLATE_DATABASE}`);
  });
  afterAll(async () => {
    launched?.child.kill('SIGKILL');
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await adminQuery(`DROP ROLE IF EXISTS ${role}`);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('should print no token, password or database password', async () => {
    // given
    const port = await freePort();
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const databaseUrl = new URL(inject('databaseUrl'));
    databaseUrl.username = role;
    databaseUrl.password = databasePassword;
    databaseUrl.pathname = `/${database}`;
    launched = launch({
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl.toString(),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: 'secrets-in-logs',
      BPM_DEMO: '0',
      BPM_ADMIN_PASSWORD: adminPassword,
    });
    await waitFor(launched, async () => (await fetch(url('/healthz'))).status === 200 || undefined, 'healthy /healthz');
    const call = (path: string, init: { method?: string; token?: string; body?: unknown; raw?: string } = {}) =>
      fetch(url(path), {
        method: init.method ?? (init.body === undefined && init.raw === undefined ? 'GET' : 'POST'),
        headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      });
    const logIn = async (username: string, password: string) => ((await (await call('/api/auth/login', { body: { username, password } })).json()) as { token?: string }).token;
    const userPassword = secret('userpw');
    const newPassword = secret('newpw');
    const wrongPassword = secret('wrongpw');
    const forgedToken = secret('forged');

    // when: an admin logs in, creates a user, who logs in and changes their password
    const adminToken = (await logIn('admin', adminPassword))!;
    expect(adminToken).toBeTruthy();
    expect((await call('/api/users', { token: adminToken, body: { username: 'sven', name: 'Sven', password: userPassword, groups: ['sales'] } })).status).toBe(201);
    const userToken = (await logIn('sven', userPassword))!;
    expect((await call('/api/me/password', { token: userToken, body: { currentPassword: userPassword, newPassword } })).status).toBe(204);
    // and requests fail: a wrong password, a forged token, bad bodies, an unknown id, a value the database refuses
    expect((await call('/api/auth/login', { body: { username: 'sven', password: wrongPassword } })).status).toBe(401);
    expect((await call('/api/me', { token: forgedToken })).status).toBe(401);
    expect((await call('/api/me/password', { token: userToken, body: { currentPassword: wrongPassword, newPassword: userPassword } })).status).toBe(403);
    expect((await call('/api/users', { token: adminToken, raw: `{"password": "${newPassword}"` })).status).toBe(400);
    expect((await call('/api/deployments', { token: adminToken, body: { name: 'bad', xml: `<x password="${newPassword}">` } })).status).toBe(422);
    expect((await call('/api/process-instances/no-such-instance', { token: adminToken })).status).toBe(404);
    expect((await call(`/api/users?q=${encodeURIComponent(`${newPassword}\u0000`)}`, { token: adminToken })).status).toBe(400);
    expect((await call('/api/auth/logout', { token: userToken, body: {} })).status).toBe(204);
    launched.child.kill('SIGTERM');
    expect(await launched.exited).toBe(0);

    // then
    const output = launched.output();
    expect(output).toContain('Ready in');
    for (const [what, value] of Object.entries({ adminToken, userToken, forgedToken, adminPassword, userPassword, newPassword, wrongPassword, databasePassword })) {
      expect(output.includes(value), `${what} is in the output`).toBe(false);
    }
  }, 240_000);
});
