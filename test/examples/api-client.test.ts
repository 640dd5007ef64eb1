import { serve, type ServerType } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientTypesFile, generateClientTypes } from '../../api/client/generate.js';
import { startAndComplete } from '../../examples/api-client.js';
import { TEST_PASSWORD } from '../support/api.js';
import { useProcessRunner } from '../support/process-runner.js';

const fixture = readFileSync(new URL('../api/Inbox.approval.bpmn', import.meta.url), 'utf8');

describe('the client generated from /api/openapi.json', () => {
  const t = useProcessRunner('api-client-test', { designer: ['dana', ['designers']], sam: ['sam', ['sales']] });
  let server: ServerType;
  let baseUrl: string;
  beforeAll(async () => {
    expect((await t.post('/api/deployments', t.as.designer!, { name: 'approval', xml: fixture })).status).toBe(201);
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: t.api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('should have its tracked types equal a fresh generation (npm run generate:client)', async () => {
    // when
    const fresh = await generateClientTypes();
    // then
    expect(readFileSync(clientTypesFile, 'utf8') === fresh, 'api/client/openapi-types.ts is stale: run npm run generate:client').toBe(true);
  });

  it('should log in, start a case and complete its task over HTTP with the example script', async () => {
    // when
    const { instanceId, task } = await startAndComplete({ baseUrl, username: 'sam', password: TEST_PASSWORD, processKey: 'approval', taskVariables: { amount: 42 } });
    // then
    expect(task).toMatchObject({ instanceId, elementId: 'Task_approve', state: 'completed', completedBy: 'sam', variables: { amount: 42 } });
  });
});
