import { api } from '../shell/api.js';
import type { PageContext as ShellContext, PageHandle, RouteParams } from '../shell/pages.js';
import type { Api } from './api.js';
import type { User } from './contract.js';

/**
 * What the employees' and managers' pages get when mounted: the API bound to the session,
 * who is logged in, the route's parameters and a way to go elsewhere.
 */
export interface PageContext {
  api: Api;
  user: User;
  /** The bearer token, for the event stream (sent as a header, never in a URL). */
  token: () => string | null | undefined;
  params: Record<string, string | undefined>;
  /** Goes to a hash route, e.g. `navigate('#/inbox')`. */
  navigate(hash: string): void;
}

/** Returned by `mount`: called when the user leaves the page. */
export type Unmount = () => void;

export type MountPage = (element: HTMLElement, context: PageContext) => Promise<Unmount | void> | Unmount | void;

/** Adapts a page to the shell's registry: `mount: shellMount(() => import('./page.js').then(m => m.mountX))`. */
export function shellMount(load: () => Promise<MountPage>) {
  return async (view: HTMLElement, params: RouteParams, shell: ShellContext): Promise<PageHandle> => {
    const mount = await load();
    const unmount = await mount(view, {
      api,
      user: shell.session.user,
      token: () => shell.session.token,
      params,
      navigate: (hash) => shell.navigate(hash.replace(/^#/, '')),
    });
    return { destroy: () => unmount?.() };
  };
}

export function inGroup(user: User, ...groups: string[]): boolean {
  return groups.some((group) => user.groups.includes(group));
}

/** Who may retry and cancel (the server checks it again). */
export const isManager = (user: User) => inGroup(user, 'managers', 'admin');
