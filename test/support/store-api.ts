import { Hono } from 'hono';
import { describedApp } from '../../api/client/generate.js';
import { openApiDocument } from '../../api/openapi.js';
import { problem, HttpProblem } from '../../api/problem.js';
import { DomainError, domainErrorStatus } from '../../stores/errors.js';
import { checkResponses } from './openapi-check.js';

/** The whole app's description, which the store sub-apps' responses are checked against. */
const document = openApiDocument(describedApp());

/** Mounts a store sub-app with the same error mapping the lead's app applies, without auth; responses are checked against /api/openapi.json. */
export function mountStoreApi(path: string, routes: Hono<never>): Hono {
  const app = new Hono().route(path, routes);
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problem(c, error.status, error.detail, error.errors);
    if (error instanceof DomainError) return problem(c, domainErrorStatus(error.code), error.message);
    throw error;
  });
  checkResponses(app, document);
  return app;
}

export function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

/** A response body for assertions; tests look into it freely, so it is left untyped here only. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function body(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}
