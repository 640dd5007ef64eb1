import { clearSession, currentSession } from './session.js';

/** One problem the server names, e.g. a BPMN element that does not validate. */
export interface ElementProblem {
  elementId?: string | null;
  message: string;
}

/** An RFC 9457 problem the API answered with; `errors` lists `{elementId, message}` for BPMN. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly errors: ElementProblem[];
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    const problem = (body ?? {}) as { detail?: string; title?: string; errors?: unknown };
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.errors = Array.isArray(problem.errors) ? (problem.errors as ElementProblem[]) : [];
  }
}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  /** Extra query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
}

/** Fired on window when the server said the token no longer works. */
export const LOGGED_OUT_EVENT = 'bpm:logged-out';

/**
 * Calls the public HTTP API with the session's bearer token. A 401 on anything but login
 * ends the session, and the app shows the login form again.
 */
export async function api<T = unknown>(path: string, { method = 'GET', body, query }: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = currentSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  // FormData (a multipart deployment) goes as it is: the browser writes its boundary.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  const url = withQuery(path, query);
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : multipart ? body : JSON.stringify(body) });
  } catch {
    throw new ApiProblem(0, { detail: 'The server cannot be reached; is it running?' });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { detail: text };
  }
  if (response.ok) return parsed as T;
  if (response.status === 401 && path !== '/api/auth/login') {
    clearSession();
    window.dispatchEvent(new CustomEvent(LOGGED_OUT_EVENT));
  }
  throw new ApiProblem(response.status, parsed);
}

function withQuery(path: string, query: ApiOptions['query']): string {
  if (!query) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}
