/* global document, window, location, history, console */
import { fill, h } from './dom.js';
import { mountLogin } from './login.js';
import { clearSession, currentSession } from './session.js';

/**
 * The pages, by hash route. Each module exports `mount(view, params)`, which may return
 * `{update(params), destroy()}`: `update` takes a new route of the same page in place.
 */
const pages = [
  { name: 'processes', pattern: /^#\/processes(?:\/([^/]+))?$/, params: (m) => ({ key: m[1] && decodeURIComponent(m[1]) }), load: () => import('./processes.js') },
  { name: 'instance', pattern: /^#\/instances\/([^/]+)$/, params: (m) => ({ id: decodeURIComponent(m[1]) }), load: () => import('./instance-view.js') },
  { name: 'instances', pattern: /^#\/instances$/, params: () => ({}), load: () => import('./instances.js') },
  { name: 'tasks', pattern: /^#\/tasks$/, params: () => ({}), load: () => import('./tasks.js') },
];
const navigation = [
  { label: 'Processes', href: '#/processes', pages: ['processes'] },
  { label: 'Instances', href: '#/instances', pages: ['instances', 'instance'] },
  { label: 'Task inbox', href: '#/tasks', pages: ['tasks'] },
];

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const account = document.getElementById('account');
let current = null; // { name, page }
let routing = Promise.resolve();

function renderChrome(session) {
  document.body.classList.toggle('logged-in', Boolean(session));
  fill(nav, session && navigation.map((item) => h('a', { href: item.href, dataset: { pages: item.pages.join(' ') } }, item.label)));
  fill(
    account,
    session && [
      h('span.who', { id: 'who', title: session.user.groups.join(', ') }, h('strong', session.user.name || session.user.username), h('span.groups', session.user.groups.join(' · '))),
      h('button.link', { type: 'button', id: 'logout', onClick: logOut }, 'Log out'),
    ],
  );
}

async function route() {
  const session = currentSession();
  renderChrome(session);
  if (!session) {
    current?.page?.destroy?.();
    current = null;
    fill(view);
    mountLogin(view, () => void navigate());
    return;
  }
  const hash = pages.some((page) => page.pattern.test(location.hash)) ? location.hash : '#/processes';
  if (hash !== location.hash) history.replaceState(null, '', hash);
  const page = pages.find((candidate) => candidate.pattern.test(hash));
  const params = page.params(hash.match(page.pattern));
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.dataset.pages.split(' ').includes(page.name));
  if (current?.name === page.name && current.page?.update) {
    await current.page.update(params);
    return;
  }
  current?.page?.destroy?.();
  fill(view);
  view.dataset.page = page.name;
  const module = await page.load();
  current = { name: page.name, page: await module.mount(view, params) };
}

function logOut() {
  clearSession();
  location.hash = '';
  void navigate();
}

function navigate() {
  routing = routing.then(route, route).catch((error) => console.error(error));
  return routing;
}

window.addEventListener('hashchange', navigate);
window.addEventListener('bpm:logged-out', navigate);
void navigate();
