/**
 * Calls the public HTTP API with the user's bearer token (CONTRACT §2). Problems come
 * back as `ApiProblem`s that keep the server's `errors` list, so a page can show each
 * one where it belongs (a form field, a diagram element).
 */
export interface ProblemEntry {
  field?: string;
  elementId?: string;
  message: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly errors: ProblemEntry[];
  constructor(status: number, body: { detail?: string; title?: string; errors?: unknown } | null) {
    super(body?.detail ?? body?.title ?? `HTTP ${status}`);
    this.status = status;
    this.errors = Array.isArray(body?.errors) ? (body.errors as ProblemEntry[]) : [];
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export type Api = <T = unknown>(path: string, options?: RequestOptions) => Promise<T>;

/**
 * An `Api` bound to a token source. `onUnauthorized` runs on a 401, so the app can show
 * the login form again when the session has ended.
 */
export function createApi(token: () => string | null | undefined, onUnauthorized: () => void = () => {}): Api {
  return async <T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
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
    if (response.status === 401) onUnauthorized();
    throw new ApiProblem(response.status, parsed as { detail?: string });
  };
}

/** `?a=1&b=x` from the defined, non-empty entries only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
