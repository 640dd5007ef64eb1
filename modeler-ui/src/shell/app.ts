import { api, LOGGED_OUT_EVENT } from './api.js';
import { fill, h } from './dom.js';
import { mountLogin } from './login.js';
import { mountNotificationsBell } from '../shared/notifications-bell.js';
import { allows, registeredPages, type PageDefinition, type PageHandle } from './pages.js';
import { rolesOf, type Role } from './roles.js';
import { currentPath, href, matchRoute } from './router.js';
import { clearSession, currentSession, type Session } from './session.js';

/** Where each kind of user starts: designers model, managers watch, everyone else works. */
const LANDING: Array<{ role: Role; path: string }> = [
  { role: 'designer', path: '/processes' },
  { role: 'manager', path: '/sla' },
  { role: 'employee', path: '/inbox' },
];

export function landingPath(session: Session): string {
  const roles = rolesOf(session);
  return LANDING.find((landing) => roles.has(landing.role))?.path ?? '/inbox';
}

/**
 * The shell: top bar (brand, navigation by role, who is logged in), the login form, and
 * the view where the registered page for the hash route is mounted.
 */
export function startApp(root: HTMLElement): void {
  const nav = h('nav.nav', { id: 'nav', 'aria-label': 'Main' });
  const account = h('div.account', { id: 'account' });
  const tools = h('div.topbar-tools', { id: 'topbar-tools' });
  let bell: { token: string; stop: () => void } | null = null;
  const view = h('main.view', { id: 'view', tabIndex: -1 });
  fill(root, h('header.topbar', h('a.brand', { href: '#/', 'aria-label': 'BPM engine, home' }, h('span.brand-mark'), 'BPM engine'), nav, tools, account), view);

  let current: { page: PageDefinition; handle: PageHandle | void } | null = null;
  let routing: Promise<void> = Promise.resolve();

  const navigate = (path: string) => {
    if (currentPath() === path) void go();
    else location.hash = href(path);
  };

  function renderChrome(session: Session | null, active: PageDefinition | null) {
    document.body.classList.toggle('logged-in', Boolean(session));
    // The notifications bell lives as long as the session, not the page.
    if (bell?.token !== session?.token) {
      bell?.stop();
      bell = session ? { token: session.token, stop: mountNotificationsBell(tools, api, () => session.token, session.user.groups) } : null;
    }
    const roles = rolesOf(session);
    const items = registeredPages()
      .filter((page) => page.nav && allows(page, roles))
      .sort((a, b) => a.nav!.order - b.nav!.order);
    const activeId = active?.partOf ?? active?.id;
    fill(
      nav,
      session &&
        items.map((page) =>
          h('a', { href: href(page.path.replace(/\/:\w+\?/g, '')), dataset: { page: page.id }, class: page.id === activeId ? 'active' : '', 'aria-current': page.id === activeId ? 'page' : undefined }, page.nav!.label),
        ),
    );
    fill(
      account,
      session && [
        h('span.who', { id: 'who', title: session.user.groups.join(', ') }, h('strong', session.user.name || session.user.username), h('span.groups', session.user.groups.join(' · '))),
        h('button.link', { type: 'button', id: 'logout', onClick: logOut }, 'Log out'),
      ],
    );
  }

  function leave() {
    current?.handle?.destroy?.();
    current = null;
    fill(view);
  }

  async function route() {
    const session = currentSession();
    if (!session) {
      renderChrome(null, null);
      leave();
      delete view.dataset.page;
      mountLogin(view, () => navigate(currentPath() === '/' ? landingPath(currentSession()!) : currentPath()));
      return;
    }
    const match = matchRoute(registeredPages(), currentPath());
    if (!match) {
      history.replaceState(null, '', href(landingPath(session)));
      return route();
    }
    const { page, params } = match;
    renderChrome(session, page);
    document.title = `${page.title} · BPM engine`;
    if (current?.page === page && current.handle?.update) {
      await current.handle.update(params);
      return;
    }
    leave();
    view.dataset.page = page.id;
    if (!allows(page, rolesOf(session))) {
      view.append(
        h('div.page', h('section.content', h('div.empty-state', { id: 'not-allowed' }, h('h2', `${page.title} is not for your role`), h('p', 'Ask an administrator for access, or go ', h('a', { href: href(landingPath(session)) }, 'to your start page'), '.')))),
      );
      return;
    }
    current = { page, handle: undefined };
    const handle = await page.mount(view, params, { session, navigate });
    if (current?.page === page) current.handle = handle;
    else handle?.destroy?.(); // the user moved on while it was loading
  }

  function go(): Promise<void> {
    routing = routing.then(route, route).catch((error: unknown) => console.error(error));
    return routing;
  }

  function logOut() {
    // The server forgets the token at once; the tab forgets it even if the server is away.
    void api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    clearSession();
    history.replaceState(null, '', '#/');
    void go();
  }

  window.addEventListener('hashchange', () => void go());
  window.addEventListener(LOGGED_OUT_EVENT, () => void go());
  void go();
}
