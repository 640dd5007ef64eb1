import { createServer } from 'node:net';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../local-stack/ports.js';
import { launch, waitFor, type Launched } from '../support/launcher.js';

const adminPassword = 'launcher-test-password';

// Response bodies are read loosely here; the API's own tests check their shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

describe('npm start (bin/start.ts)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bpm-start-'));
    await chmod(dataDir, 0o777);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('should refuse an occupied PORT with one clear line', async () => {
    // given
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as { port: number }).port;
    // when
    const launched = launch({ PORT: String(port), DATA_DIR: join(dataDir, 'port') });
    const code = await launched.exited;
    blocker.close();
    // then
    expect(code).toBe(1);
    expect(launched.output().trim()).toBe(`[bpm] error: PORT ${port} is already in use; stop what runs there or set PORT`);
  });

  it('should refuse an unreachable DATABASE_URL with one clear line', async () => {
    // when
    const launched = launch({ PORT: String(await freePort()), DATA_DIR: join(dataDir, 'db'), DATABASE_URL: 'postgres://bpm:secret@127.0.0.1:1/bpm' });
    const code = await launched.exited;
    // then
    expect(code).toBe(1);
    expect(launched.output().trim()).toBe('[bpm] error: Cannot reach PostgreSQL at DATABASE_URL (127.0.0.1:1/bpm): ECONNREFUSED');
    expect(launched.output()).not.toContain('secret');
  });

  it('should say what it tried when there is neither Go nor a Temporal CLI', async () => {
    // when
    const launched = launch({
      PORT: String(await freePort()),
      DATA_DIR: join(dataDir, 'nogo'),
      DATABASE_URL: inject('databaseUrl'),
      PATH: '/usr/bin:/bin',
      TEMPORAL_CLI: undefined,
    });
    const code = await launched.exited;
    // then
    expect(code).toBe(1);
    const lines = launched.output().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\[bpm\] error: Temporal CLI not found and could not be installed \(`temporal` on PATH: not found; Go: not installed/);
    expect(lines.at(-1)).toContain('go install github.com/temporalio/cli/cmd/temporal@v1.5.1');
    expect(launched.output()).not.toMatch(/^\s+at /m); // no stack trace
  });

  describe('on a fresh DATA_DIR', () => {
    let port: number;
    let launched: Launched | undefined;
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const start = () => launch({ PORT: String(port), DATA_DIR: join(dataDir, 'product'), BPM_ADMIN_PASSWORD: adminPassword });
    const healthy = () => waitFor(launched!, async () => (await fetch(url('/healthz'))).status === 200 || undefined, 'healthy /healthz');
    const login = async () =>
      (await json(url('/api/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) })).body.token as string;

    beforeAll(async () => {
      port = await freePort();
    });
    afterAll(async () => {
      launched?.child.kill('SIGKILL');
    });

    it('should come up healthy, run hello to completion, stop cleanly and find it all again after a restart', async () => {
      // given
      launched = start();
      await healthy();
      expect(await json(url('/healthz'))).toEqual({ status: 200, body: { ok: true, postgres: 'up', temporal: 'up' } });
      const token = await login();
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

      // when
      const started = await json(url('/api/process-instances'), { method: 'POST', headers: auth, body: JSON.stringify({ processKey: 'hello', variables: { name: 'Ada' } }) });
      expect(started.status).toBe(201);
      const instanceUrl = url(`/api/process-instances/${started.body.instanceId}`);
      const done = await waitFor(launched, async () => {
        const { body } = await json(instanceUrl, { headers: auth });
        return body.status === 'completed' ? body : undefined;
      }, 'hello completes');

      // then
      expect(done.completedElements).toEqual(['StartEvent_hello', 'Task_greet', 'EndEvent_hello']);
      expect(done.variables.notification).toMatchObject({ to: 'admin', subject: 'Hello', body: 'Hello, Ada!' });

      // when: stopped with SIGTERM and started again on the same DATA_DIR
      launched.child.kill('SIGTERM');
      expect(await launched.exited).toBe(0);
      launched = start();
      await healthy();
      const again = await json(instanceUrl, { headers: { authorization: `Bearer ${await login()}` } });

      // then
      expect(again.body).toMatchObject({ instanceId: started.body.instanceId, status: 'completed' });
      expect(launched.output()).toContain('hello v1'); // the unchanged diagram kept its version
      launched.child.kill('SIGTERM');
      expect(await launched.exited).toBe(0);
    }, 240_000);
  });
});
