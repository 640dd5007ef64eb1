/**
 * The API as the pages call it: the shell's client (bearer token, 401 ends the session)
 * and its `ApiProblem`, whose `errors` a page shows where they belong (a form field, a
 * diagram element). Form problems name a `field` (CONTRACT §2, 422).
 */
import { ApiProblem, type ApiOptions } from '../shell/api.js';

export { ApiProblem };

export interface ProblemEntry {
  field?: string;
  elementId?: string | null;
  message: string;
}

export type Api = <T = unknown>(path: string, options?: ApiOptions) => Promise<T>;

/** The problems of an `ApiProblem`, with the `field` a form refusal names. */
export function problemsOf(problem: ApiProblem): ProblemEntry[] {
  return problem.errors as ProblemEntry[];
}

/** `?a=1&b=x` from the defined, non-empty entries only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
