import type { Role } from './roles.js';
import type { Session } from './session.js';

/** What a mounted page may offer the shell. */
export interface PageHandle {
  /** The same page with new route params (e.g. another process key), updated in place. */
  update?(params: RouteParams): void | Promise<void>;
  /** Called before the page leaves the screen: stop timers, destroy editors. */
  destroy?(): void;
}

export type RouteParams = Record<string, string | undefined>;

export interface PageContext {
  session: Session;
  /** Goes to another route of the app, e.g. `navigate('/instances/42')`. */
  navigate(path: string): void;
}

/**
 * One page of the web app. Register it once with `registerPage` (see main.ts):
 *
 *   registerPage({ id: 'inbox', path: '/inbox', title: 'Inbox', roles: ['employee'],
 *                  nav: { label: 'Inbox', order: 20 }, mount: (view, params, context) => ... });
 *
 * `path` is matched against the hash route: `:name` is a parameter, `:name?` an optional
 * one (`/processes/:key?` matches `#/processes` and `#/processes/lead-to-cash`).
 * Pages not for the user's roles are not in the navigation and say so when opened.
 * Keep `mount` light: import heavy editors inside it (`await import('./page.js')`).
 */
export interface PageDefinition {
  id: string;
  path: string;
  title: string;
  roles: Role[];
  /** Shown in the top bar, ordered by `order`, to users the page is for. */
  nav?: { label: string; order: number };
  /** The id of the nav page this one belongs to (an instance belongs to 'instances'), for highlighting. */
  partOf?: string;
  mount(view: HTMLElement, params: RouteParams, context: PageContext): PageHandle | void | Promise<PageHandle | void>;
}

const registered: PageDefinition[] = [];

export function registerPage(page: PageDefinition): void {
  if (registered.some((existing) => existing.id === page.id)) throw new Error(`Page "${page.id}" is registered twice`);
  registered.push(page);
}

export function registeredPages(): readonly PageDefinition[] {
  return registered;
}

export function allows(page: PageDefinition, roles: Set<Role>): boolean {
  return page.roles.some((role) => roles.has(role));
}
