import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { createApp } from '../../api/app.js';
import { openApiDocument } from '../../api/openapi.js';
import type { Pool } from '../../stores/db.js';
import { createUser } from '../../stores/bpm/identity.js';
import { responseChecker } from './openapi-check.js';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestApi {
  app: ReturnType<typeof createApp>;
  temporal: Client;
  taskQueue: string;
  /** Creates the user (once) and returns its bearer-token headers. */
  as(username: string, groups: string[]): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** The real app, in process (no socket), against a real database and Temporal server. */
export async function testApi(pool: Pool, taskQueue: string): Promise<TestApi> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const temporal = new Client({ connection });
  const app = createApp({
    pool,
    temporal,
    taskQueue,
    health: { postgres: async () => 'up', temporal: async () => 'up' },
  });
  checkResponsesAgainstDocument(app);
  return {
    app,
    temporal,
    taskQueue,
    async as(username, groups) {
      await createUser(pool, { username, name: username, password: TEST_PASSWORD, groups });
      const response = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: TEST_PASSWORD }),
      });
      const { token } = (await response.json()) as { token: string };
      return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    },
    close: () => connection.close(),
  };
}

/**
 * Every response of `app.request` is checked against GET /api/openapi.json (status, media
 * type, body schema); a response the document does not describe fails the test that got it.
 */
function checkResponsesAgainstDocument(app: ReturnType<typeof createApp>): void {
  const request = app.request.bind(app);
  const checker = openApiDocument(app).then(responseChecker);
  app.request = (async (input: string | URL | Request, init?: RequestInit, ...rest: unknown[]) => {
    const response = await (request as (...args: unknown[]) => Promise<Response>)(input, init, ...rest);
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const problems = await (await checker)(method, url.pathname, response);
    if (problems.length) throw new Error(`The response differs from /api/openapi.json:\n${problems.join('\n')}`);
    return response;
  }) as typeof app.request;
}

/**
 * A response body, loosely typed: tests assert its shape with expect() instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJson(response: Response): Promise<any> {
  return response.json();
}
