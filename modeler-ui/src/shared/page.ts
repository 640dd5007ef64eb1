import type { Api } from './api.js';
import type { User } from './contract.js';

/**
 * What a page gets from the app shell when it is mounted: the API bound to the session,
 * who is logged in, the route's parameters and a way to go elsewhere.
 */
export interface PageContext {
  api: Api;
  user: User;
  /** The bearer token, for the event stream (sent as a header, never in a URL). */
  token: () => string | null | undefined;
  params: Record<string, string | undefined>;
  navigate(hash: string): void;
}

/** Returned by `mount`: called when the user leaves the page. */
export type Unmount = () => void;

export type MountPage = (element: HTMLElement, context: PageContext) => Promise<Unmount | void> | Unmount | void;

export function inGroup(user: User, ...groups: string[]): boolean {
  return groups.some((group) => user.groups.includes(group));
}

export const isManager = (user: User) => inGroup(user, 'managers', 'admin');
