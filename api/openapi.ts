import type { Hono } from 'hono';
import { describeRoute, generateSpecs, resolver, type DescribeRouteOptions } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { ZodType } from 'zod';
import { problemSchema } from './schemas/common.js';

/**
 * GET /api/openapi.json is generated from the app itself: every route carries a
 * `describe(...)` (summary, responses) next to its `validate(...)` middlewares, whose zod
 * schemas become the parameters and request bodies. Nothing is kept by hand beside the
 * routes; a test fails for a route without a description.
 */

/** The statuses a route answers with a problem+json body, beyond 400 (validation) and 401 (no token; given for public routes that answer it). */
type ProblemStatus = 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** The statuses a route answers with its own body (503: /healthz names the part that is down). */
type BodyStatus = 200 | 201 | 202 | 204 | 503;

interface SuccessBody {
  schema: ZodType;
  description?: string;
  /** Default application/json. */
  mediaType?: string;
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>;
}

export interface RouteDescription {
  summary: string;
  description?: string;
  /** No token needed (login, health, the docs page). */
  public?: true;
  /** Each status with its own body: a zod schema, or null for no body (204). */
  responses: Partial<Record<BodyStatus, ZodType | SuccessBody | null>>;
  problems?: ProblemStatus[];
  /** A request body the validators do not describe (raw XML, say). */
  requestBody?: DescribeRouteOptions['requestBody'];
}

const problemDescriptions: Record<400 | ProblemStatus, string> = {
  400: 'Malformed input: `errors` names each field',
  401: 'No token, or an unknown, expired or ended one',
  403: 'Not allowed for this user',
  404: 'Unknown id',
  409: 'In a state that does not allow it',
  413: 'The body is too large',
  415: 'Unsupported content type',
  422: 'Well-formed but refused: `errors` says why',
  429: 'Too many attempts; see Retry-After',
  503: 'PostgreSQL or Temporal is unreachable; see Retry-After',
};

const problemContent = { 'application/problem+json': { schema: resolver(problemSchema) } };

/** The OpenAPI description of one route, as a middleware placed before its validators. */
export function describe(route: RouteDescription) {
  const responses: NonNullable<DescribeRouteOptions['responses']> = {};
  for (const [status, body] of Object.entries(route.responses)) {
    if (body === null || body === undefined) {
      responses[status] = { description: 'Done; no body' };
      continue;
    }
    const success: SuccessBody = 'schema' in body ? (body as SuccessBody) : { schema: body as ZodType };
    responses[status] = {
      description: success.description ?? 'OK',
      ...(success.headers ? { headers: success.headers } : {}),
      content: { [success.mediaType ?? 'application/json']: { schema: resolver(success.schema) } },
    };
  }
  const problems: ProblemStatus[] = [...(route.public ? [] : [401 as const]), ...(route.problems ?? [])];
  for (const status of problems) responses[status] = { description: problemDescriptions[status], content: problemContent };
  return describeRoute({
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.public ? { security: [] } : {}),
    ...(route.requestBody ? { requestBody: route.requestBody } : {}),
    responses,
  });
}

/** The routes an app really has, as OpenAPI paths (`:id` becomes `{id}`). */
export function appRoutes(app: Hono): string[] {
  const routes = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`);
  return [...new Set(routes)];
}

const documents = new WeakMap<Hono, Promise<OpenAPIV3_1.Document>>();

/** The document of `app`, generated once per app (the routes do not change after start). */
export function openApiDocument(app: Hono): Promise<OpenAPIV3_1.Document> {
  let document = documents.get(app);
  if (!document) {
    document = generate(app);
    documents.set(app, document);
  }
  return document;
}

async function generate(app: Hono): Promise<OpenAPIV3_1.Document> {
  const document = (await generateSpecs(app, {
    excludeStaticFile: false,
    excludeMethods: ['OPTIONS', 'HEAD'],
    defaultValidationErrorResponse: {
      description: problemDescriptions[400],
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    },
    documentation: {
      info: {
        title: 'BPM engine API',
        version: '0.1.0',
        description:
          'BPMN 2.0 on Temporal for the hand-offs between CRM and ERP. Errors are RFC 9457 problem+json. ' +
          'Log in with POST /api/auth/login and send `Authorization: Bearer <token>` on every other call.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })) as OpenAPIV3_1.Document;
  const problemRef = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {}) as Array<[string, OpenAPIV3_1.OperationObject]>) {
      // Grouped by resource, the path's first segment under /api.
      operation.tags ??= [path.split('/')[path.startsWith('/api/') ? 2 : 1] ?? 'api'];
      // Every body has a size limit (api/hardening.ts); anything unexpected is a bare problem, never a stack trace.
      operation.responses ??= {};
      if (['post', 'put', 'patch'].includes(method)) operation.responses['413'] ??= { description: problemDescriptions[413], content: problemRef };
      operation.responses['500'] ??= { description: 'Something went wrong on our side; it has been logged (no details in the body)', content: problemRef };
    }
  }
  return document;
}
