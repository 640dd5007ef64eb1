import { createHash } from 'node:crypto';
import type { PoolClient } from './db.js';
import { DomainError } from './errors.js';
import { atomically, type Db } from './tx.js';

/** The stores that keep their own record of effects (crm.idempotency, erp.idempotency). */
export type EffectStore = 'crm' | 'erp';

/** Handed to the effect: rows it writes carry this key (or one derived from it) and hash. */
export interface Effect {
  key: string;
  requestHash: string;
}

export interface EffectRequest {
  /** `<workflowId>:<elementId>:<loopCounter>` from a service task, or an API Idempotency-Key. */
  key: string;
  /** e.g. `erp.createShipment`: the same key reused for another operation is a conflict too. */
  operation: string;
  request: unknown;
}

/**
 * Runs an effect exactly once per key (DESIGN decision 4). The first call claims the key
 * and stores its result in the same transaction as the effect; a repeat gets that result
 * back; a repeat with a different request is refused with IDEMPOTENCY_CONFLICT. Two
 * concurrent calls with one key are safe: the second waits on the key's unique index
 * until the first commits (then returns its result) or rolls back (then runs itself).
 * A refused effect (a DomainError) leaves nothing behind, so a later retry tries again.
 */
export async function runOnce<T>(db: Db, store: EffectStore, request: EffectRequest, effect: (client: PoolClient, effect: Effect) => Promise<T>): Promise<T> {
  const requestHash = hashRequest(request.operation, request.request);
  return atomically(db, async (client) => {
    const claimed = await client.query(
      `INSERT INTO ${store}.idempotency (key, operation, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO NOTHING`,
      [request.key, request.operation, requestHash],
    );
    if (claimed.rowCount === 0) return firstResult<T>(client, store, request, requestHash);
    // Round-trip through JSON so the first caller sees exactly what every repeat will see.
    const result = JSON.parse(JSON.stringify(await effect(client, { key: request.key, requestHash }))) as T;
    await client.query(`UPDATE ${store}.idempotency SET result = $2 WHERE key = $1`, [request.key, JSON.stringify(result)]);
    return result;
  });
}

async function firstResult<T>(client: PoolClient, store: EffectStore, request: EffectRequest, requestHash: string): Promise<T> {
  const { rows } = await client.query<{ operation: string; request_hash: string; result: T }>(
    `SELECT operation, request_hash, result FROM ${store}.idempotency WHERE key = $1`,
    [request.key],
  );
  const first = rows[0]!;
  if (first.request_hash !== requestHash) {
    throw new DomainError(
      'IDEMPOTENCY_CONFLICT',
      `Idempotency key ${request.key} was used for a different request (${first.operation}); a repeat must send the same input`,
    );
  }
  return first.result;
}

/** SHA-256 of the operation and its request in canonical JSON (keys sorted), so key order never matters. */
export function hashRequest(operation: string, request: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, request })).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
