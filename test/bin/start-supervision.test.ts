/**
 * `npm start` supervises what it started: an embedded PostgreSQL or Temporal dev server
 * that dies is started again (at most 3 times in 10 minutes, a line each), then the
 * launcher stops everything with one line; and SIGTERM always ends it within 30 s, also
 * when a child died just before.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local-stack/ports.js';
import { launch, waitFor, type Launched } from '../support/launcher.js';

const adminPassword = 'supervision-test-password';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The launcher's direct children by command name (the postmaster is `postgres`, the dev server `temporal`). */
function childPid(parent: number, command: string): number | undefined {
  const lines = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(parent)], { encoding: 'utf8' }).trim().split('\n');
  const line = lines.map((row) => row.trim().split(/\s+/)).find(([, comm]) => comm === command);
  return line ? Number(line[0]) : undefined;
}

async function exitWithin(launched: Launched, ms: number): Promise<{ code: number | null; seconds: number }> {
  const began = Date.now();
  const code = await Promise.race([launched.exited, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms))]);
  if (code === 'late') throw new Error(`the launcher was still running ${ms / 1000} s later; output:\n${launched.output()}`);
  return { code, seconds: (Date.now() - began) / 1000 };
}

describe('npm start supervising its embedded services', () => {
  let dataDir: string;
  let port: number;
  let launched: Launched | undefined;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const healthy = () => waitFor(launched!, async () => (await fetch(url('/healthz'))).status === 200 || undefined, 'healthy /healthz');
  const postmasterPid = async () => Number((await readFile(join(dataDir, 'postgres', 'cluster', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const start = () => launch({ PORT: String(port), DATA_DIR: dataDir, BPM_ADMIN_PASSWORD: adminPassword, BPM_DEMO: '0' });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bpm-supervise-'));
    await chmod(dataDir, 0o777);
    port = await freePort();
  });
  afterEach(() => {
    launched?.child.kill('SIGKILL');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('should restart a killed PostgreSQL three times, then stop everything with one line saying it died', async () => {
    // given
    launched = start();
    await healthy();

    for (const restart of [1, 2, 3]) {
      // when
      const pid = await postmasterPid();
      process.kill(pid, 'SIGKILL');
      // then
      await waitFor(launched, async () => launched!.output().includes(`embedded PostgreSQL died; restarting it (restart ${restart} of at most 3)`) || undefined, `restart ${restart} announced`);
      await waitFor(launched, async () => ((await postmasterPid()) !== pid && (await fetch(url('/healthz'))).status === 200) || undefined, `healthy after restart ${restart}`);
      const login = await fetch(url('/api/auth/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
      expect(login.status).toBe(200);
    }

    // when: a fourth death within the window
    const last = await postmasterPid();
    const temporalPid = childPid(launched.child.pid!, 'temporal');
    process.kill(last, 'SIGKILL');
    const { code, seconds } = await exitWithin(launched, 30_000);

    // then
    console.log(`[supervision] gave up after the 4th death and stopped in ${seconds.toFixed(1)} s`);
    expect(code).toBe(1);
    expect(launched.output()).toContain('[bpm] error: embedded PostgreSQL died and could not be kept running (3 restarts in 10 min); stopping everything');
    expect(launched.output().match(/\[bpm\] error:/g)).toHaveLength(1);
    expect(temporalPid && isAlive(temporalPid)).toBe(false);
    expect(seconds).toBeLessThan(30);
  }, 240_000);

  it('should stop within 30 s on SIGTERM after its PostgreSQL was replaced and right after its Temporal dev server was killed', async () => {
    // given: a PostgreSQL that died and was replaced (the case that once left the launcher serving after SIGTERM)
    launched = start();
    await healthy();
    const firstPostgres = await postmasterPid();
    process.kill(firstPostgres, 'SIGKILL');
    await waitFor(launched, async () => launched!.output().includes('embedded PostgreSQL is running again') || undefined, 'PostgreSQL replaced');
    await healthy();
    const temporalPid = childPid(launched.child.pid!, 'temporal')!;
    const postgresPid = await postmasterPid();
    expect(postgresPid).not.toBe(firstPostgres);
    expect(temporalPid).toBeGreaterThan(0);

    // when
    process.kill(temporalPid, 'SIGKILL');
    await waitFor(launched, async () => launched!.output().includes('Temporal dev server died; restarting it') || undefined, 'the death noticed');
    launched.child.kill('SIGTERM');
    const { code, seconds } = await exitWithin(launched, 30_000);

    // then
    console.log(`[supervision] SIGTERM with a replaced PostgreSQL and a dead dev server: stopped in ${seconds.toFixed(1)} s`);
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(30);
    expect(isAlive(postgresPid)).toBe(false);
    // no dev server left behind, neither the killed one nor a replacement started meanwhile
    expect(execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })).not.toContain(join(dataDir, 'temporal'));
  }, 240_000);
});
