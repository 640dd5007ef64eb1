import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { StandardSchemaV1 } from '@standard-schema/spec';

export interface ProblemDetail {
  elementId?: string | null;
  field?: string;
  message: string;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An RFC 9457 problem the API answers with; thrown anywhere, rendered by onError. */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly detail: string,
    readonly errors?: ProblemDetail[],
  ) {
    super(detail);
  }
}

export function problem(c: Context, status: ContentfulStatusCode, detail: string, errors?: ProblemDetail[]): Response {
  const body = { type: 'about:blank', title: titles[status] ?? 'Error', status, detail, ...(errors ? { errors } : {}) };
  // CONTRACT §2: a 503 always says when to come back.
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (status === 503 && !c.res.headers.get('retry-after')) headers['retry-after'] = '5';
  return c.body(JSON.stringify(body), status, headers);
}

/** Validation issues (zod's, through Standard Schema) as problem details naming each field. */
export function issueProblems(issues: readonly StandardSchemaV1.Issue[]): ProblemDetail[] {
  return issues.map((issue) => ({
    field: (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.') || '(body)',
    message: issue.message,
  }));
}
