import { serve, type ServerType } from '@hono/node-server';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { inboxTask, useProcessRunner } from '../support/process-runner.js';

/**
 * Schemathesis (PyPI) fuzzes every operation of /api/openapi.json against the real stack,
 * once per role, with bounded examples and time: no server error, no response that breaks
 * its schema. `.ci/run` installs it into .ci/schemathesis-venv; elsewhere set SCHEMATHESIS
 * or put `schemathesis` on PATH, else this file is skipped (and fails under CI=true).
 */
const venvBinary = fileURLToPath(new URL('../../.ci/schemathesis-venv/bin/schemathesis', import.meta.url));
const binary = process.env.SCHEMATHESIS ?? (existsSync(venvBinary) ? venvBinary : onPath('schemathesis'));
const missing = 'Schemathesis is not installed: `python3 -m venv .ci/schemathesis-venv && .ci/schemathesis-venv/bin/pip install schemathesis` (.ci/run does it)';
if (!binary && process.env.CI !== 'true') console.warn(`skipped: ${missing}`);

/** Seconds per role; three roles make the few minutes the run may take. */
const SECONDS_PER_ROLE = Number(process.env.FUZZ_SECONDS ?? 50);
const EXAMPLES_PER_OPERATION = Number(process.env.FUZZ_EXAMPLES ?? 15);

const fixture = readFileSync(new URL('../api/Inbox.approval.bpmn', import.meta.url), 'utf8');

describe.skipIf(!binary && process.env.CI !== 'true')('Schemathesis against the started stack', () => {
  const t = useProcessRunner('schemathesis-test', {
    admin: ['fuzz-admin', ['admin']],
    manager: ['fuzz-manager', ['managers']],
    sales: ['fuzz-sales', ['sales']],
    designer: ['fuzz-designer', ['designers']],
  });
  let server: ServerType;
  let baseUrl: string;
  /** Ids that exist, so the routes with ids get past 404. */
  const seeded: Record<string, string> = {};
  beforeAll(async () => {
    if (!binary) throw new Error(missing);
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'approval', xml: fixture })).status).toBe(201);
    const started = await readJson(await t.post('/api/process-instances', t.as.sales!, { processKey: 'approval', businessKey: 'fuzz-1' }));
    seeded.instanceId = started.instanceId;
    seeded.taskId = (await inboxTask(t.api, t.as.sales!, started.instanceId, 'Task_approve')).id;
    const client = await readJson(await t.post('/api/crm/clients', t.as.admin!, { name: 'Fuzz Ltd', creditLimit: 1000 }));
    seeded.clientId = String(client.id);
    seeded.leadId = String((await readJson(await t.post('/api/crm/leads', t.as.admin!, { name: 'Lee Fuzz', company: 'Fuzz Lead Co' }))).id);
    seeded.dealId = String((await readJson(await t.post('/api/crm/deals', t.as.admin!, { clientId: client.id, title: 'Fuzz deal', amount: 100 }))).id);
    await t.post('/api/erp/products', t.as.admin!, { sku: 'FUZZ-1', name: 'Fuzz', price: 10 });
    await t.post('/api/erp/warehouses', t.as.admin!, { code: 'FZ', name: 'Fuzz store' });
    server = await new Promise<ServerType>((resolve) => {
      const listening = serve({ fetch: t.api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 180_000);
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  // Admin last: it may deactivate the others (Schemathesis reuses usernames GET /api/users returned).
  for (const role of ['sales', 'manager', 'admin'] as const) {
    it(`should find no server error and no response that breaks its schema, as ${role}`, async () => {
      // when
      const run = await fuzz(binary!, baseUrl, t.as[role]!.authorization!, seeded);
      // then
      console.log(`schemathesis as ${role}: ${run.summary}`);
      expect(run.failures, run.output).toEqual([]);
      expect(run.exitCode, run.output).toBe(0);
    }, (SECONDS_PER_ROLE + 120) * 1000);
  }
});

interface FuzzRun {
  exitCode: number | null;
  summary: string;
  failures: string[];
  output: string;
}

async function fuzz(schemathesis: string, baseUrl: string, authorization: string, seeded: Record<string, string>): Promise<FuzzRun> {
  const dir = mkdtempSync(join(tmpdir(), 'schemathesis-'));
  const config = join(dir, 'schemathesis.toml');
  writeFileSync(config, configFor(seeded));
  const args = [
    '--config-file', config,
    'run', `${baseUrl}/api/openapi.json`,
    '--header', `Authorization: ${authorization}`,
    '--checks', 'not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance,unsupported_method',
    '--phases', 'examples,coverage,fuzzing',
    '--max-examples', String(EXAMPLES_PER_OPERATION),
    '--max-time', String(SECONDS_PER_ROLE),
    '--request-timeout', '10',
    '--workers', '1',
    '--seed', '1',
    '--generation-database', 'none',
    '--no-color',
    // Streams never end; logout would end the fuzzer's own session.
    '--exclude-path-regex', '/stream$|^/api/auth/logout$',
  ];
  const { exitCode, output } = await run(schemathesis, args, dir);
  // One "____ METHOD /path ____" heading per failing operation, under FAILURES.
  const failures = output.split('\n').filter((line) => /^_{3,} [A-Z]+ \S+ _{3,}$/.test(line.trim()));
  const operations = /Tested: (\d+)/.exec(output)?.[1] ?? '?';
  const examples = /(\d+) generated/.exec(output)?.[1] ?? '?';
  const summary = `${operations} operations, ${examples} examples, ${failures.length} failures (${/=+ (.*) =+\s*$/.exec(output.trim())?.[1] ?? 'no summary line'})`;
  return { exitCode, summary, failures, output: output.slice(-8000) };
}

/** The seeded ids for the path parameters of the operations that take them. */
function configFor(seeded: Record<string, string>): string {
  const fixed = (pathRegex: string, name: string, value: string) =>
    `[[operations]]\ninclude-path-regex = '${pathRegex}'\nparameters = { "path.${name}" = ${JSON.stringify(value)} }\n`;
  return [
    fixed('^/api/tasks/\\{id\\}', 'id', seeded.taskId!),
    fixed('^/api/process-instances/\\{id\\}', 'id', seeded.instanceId!),
    fixed('^/api/process-definitions/\\{key\\}', 'key', 'approval'),
    fixed('^/api/crm/clients/\\{id\\}', 'id', seeded.clientId!),
    fixed('^/api/crm/leads/\\{id\\}', 'id', seeded.leadId!),
    fixed('^/api/crm/deals/\\{id\\}', 'id', seeded.dealId!),
  ].join('\n');
}

function run(command: string, args: string[], cwd: string): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, output }));
  });
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, command))) return join(dir, command);
  return undefined;
}
