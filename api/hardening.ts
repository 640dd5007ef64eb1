import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { MAX_BPMN_BYTES } from '../compiler/index.js';
import { sqlState } from '../stores/tx.js';
import { HttpProblem } from './problem.js';

/** Every request body may be this large unless its route says otherwise. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Larger limits, by path prefix: a deployment carries a whole diagram (5 MB). */
const bodyLimitsByPrefix: Array<[prefix: string, bytes: number]> = [['/api/deployments', MAX_BPMN_BYTES + 64 * 1024]];

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

const limiters = new Map<number, MiddlewareHandler>();
function limiter(bytes: number): MiddlewareHandler {
  let handler = limiters.get(bytes);
  if (!handler) {
    handler = bodyLimit({
      maxSize: bytes,
      onError: (c) => {
        throw new HttpProblem(413, `The body of ${c.req.method} ${c.req.path} may be at most ${megabytes(bytes)} (${bytes} bytes)`);
      },
    });
    limiters.set(bytes, handler);
  }
  return handler;
}

/** 413 problem+json for a body over its route's limit, checked before any handler reads it. */
export function bodyLimits(): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const bytes = bodyLimitsByPrefix.find(([prefix]) => c.req.path.startsWith(prefix))?.[1] ?? DEFAULT_BODY_LIMIT;
    return limiter(bytes)(c, next);
  });
}

/**
 * The Content-Security-Policy the web app works under (checked in Chromium: the modeler,
 * inbox and SLA pages render with no violation): scripts only from our origin and never
 * eval; inline style attributes stay allowed because bpmn-js and form-js set them on the
 * elements they draw; no framing anywhere.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The API docs page (/api/docs) alone: Scalar's bundle evaluates strings as code, so that
 * page (our document, no user data of its own) allows eval; the web app never does.
 */
export const DOCS_CONTENT_SECURITY_POLICY = { ...CONTENT_SECURITY_POLICY, scriptSrc: ["'self'", "'unsafe-eval'"] };

const headersWith = (contentSecurityPolicy: typeof CONTENT_SECURITY_POLICY) =>
  secureHeaders({
    contentSecurityPolicy,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    // Plain HTTP on localhost is the default installation; HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
  });

/** Security headers on every response, the web app's and the API's. */
export function securityHeaders(): MiddlewareHandler {
  const app = headersWith(CONTENT_SECURITY_POLICY);
  const docs = headersWith(DOCS_CONTENT_SECURITY_POLICY);
  return createMiddleware(async (c, next) => (c.req.path === '/api/docs' || c.req.path.startsWith('/api/docs/') ? docs : app)(c, next));
}

/**
 * CORS is closed (no Access-Control-* header: browsers refuse other origins) unless
 * CORS_ORIGINS names the origins allowed to call the API from a browser.
 */
export function corsFor(origins: readonly string[] | undefined): MiddlewareHandler {
  if (!origins?.length) return createMiddleware(async (_c, next) => next());
  return cors({
    origin: [...origins],
    allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposeHeaders: ['X-Next-Cursor', 'Retry-After', 'Location'],
    maxAge: 600,
  });
}

/**
 * A PostgreSQL error that reached the API, as a problem that names neither SQL nor
 * tables: a value the database refused (class 22, e.g. an id out of range) is bad input,
 * a constraint it enforces is a conflict. Undefined for anything else (a 500, logged).
 */
export function databaseProblem(error: unknown): { status: 400 | 409; detail: string } | undefined {
  const code = sqlState(error);
  if (!code) return undefined;
  if (code.startsWith('22')) return { status: 400, detail: 'A value in the request is out of range or malformed' };
  if (code === '23505') return { status: 409, detail: 'This exists already' };
  if (code.startsWith('23')) return { status: 409, detail: 'This conflicts with the data it refers to' };
  return undefined;
}
