import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';

/**
 * The idempotency key of a POST that changes a store: the client's `Idempotency-Key`
 * header, so a retried request is answered with the first result; without one, every
 * request is new. Prefixed so an API key never meets a workflow's key.
 */
export function effectKey(c: Context): string {
  const key = c.req.header('idempotency-key')?.trim();
  return `api:${key ? key.slice(0, 200) : randomUUID()}`;
}
