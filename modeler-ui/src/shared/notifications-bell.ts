import type { Api } from './api.js';
import type { Notification } from './contract.js';
import { dateTime, relative } from './dates.js';
import { fill, h } from '../shell/dom.js';
import { coalesce, followEvents } from './event-stream.js';
import './pages.css';

const POLL_MS = 30_000;

/**
 * The notifications bell of the top bar: what `notify.send` and breaches sent to me or my
 * groups (GET /api/notifications), unread ones counted, marked read when opened.
 */
export function mountNotificationsBell(container: HTMLElement, api: Api, token: () => string | null | undefined, groups: string[]): () => void {
  const badge = h('span.bell-count', { id: 'bell-count', hidden: true });
  const panel = h('div.bell-panel', { id: 'bell-panel', hidden: true, role: 'dialog', 'aria-label': 'Notifications' });
  const button = h(
    'button.bell',
    { type: 'button', id: 'bell', 'aria-label': 'Notifications', 'aria-expanded': 'false', 'aria-controls': 'bell-panel', onClick: () => void toggle() },
    bellIcon(),
    badge,
  );
  const root = h('div.bell-root', button, panel);
  container.append(root);
  let notifications: Notification[] = [];

  const isRead = (notification: Notification) => Boolean(notification.readAt ?? notification.read);

  async function load() {
    try {
      notifications = await api<Notification[]>('/api/notifications');
    } catch {
      return;
    }
    const unread = notifications.filter((notification) => !isRead(notification)).length;
    badge.hidden = unread === 0;
    badge.textContent = unread > 99 ? '99+' : String(unread);
    button.setAttribute('aria-label', unread ? `Notifications: ${unread} unread` : 'Notifications');
    if (!panel.hidden) render();
  }

  function render() {
    fill(
      panel,
      h('div.bell-head', h('strong', 'Notifications')),
      notifications.length
        ? h(
            'ul.bell-list',
            notifications.slice(0, 30).map((notification) => {
              const at = notification.createdAt ?? notification.sentAt;
              return h(
                'li',
                { class: isRead(notification) ? 'read' : 'unread', dataset: { notificationId: String(notification.id) } },
                h('strong', notification.subject),
                notification.body && h('p', notification.body),
                at && h('time.muted', { datetime: at, title: dateTime(at) }, relative(at)),
              );
            }),
          )
        : h('p.muted.bell-empty', 'Nothing new. Breaches and messages for you appear here.'),
    );
  }

  async function toggle() {
    const opening = panel.hidden;
    panel.hidden = !opening;
    button.setAttribute('aria-expanded', String(opening));
    if (!opening) return;
    render();
    const unread = notifications.filter((notification) => !isRead(notification));
    await Promise.all(unread.map((notification) => api(`/api/notifications/${encodeURIComponent(String(notification.id))}/read`, { method: 'POST', body: {} }).catch(() => undefined)));
    if (unread.length) await load();
  }

  const closeOnOutside = (event: MouseEvent) => {
    if (!panel.hidden && !root.contains(event.target as Node)) {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
    }
  };
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !panel.hidden) {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    }
  };
  document.addEventListener('click', closeOnOutside);
  document.addEventListener('keydown', closeOnEscape);
  const refresh = coalesce(load, 500);
  const stop = followEvents({ token, groups, onEvent: (event) => event.kind === 'task.breached' && refresh(), onPoll: () => {} });
  const timer = setInterval(() => void load(), POLL_MS);
  void load();
  return () => {
    stop();
    clearInterval(timer);
    document.removeEventListener('click', closeOnOutside);
    document.removeEventListener('keydown', closeOnEscape);
    root.remove();
  };
}

/** A bell drawn as SVG (an emoji needs a font that many machines lack). */
function bellIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('bell-icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6zm-2.5 15a2.5 2.5 0 0 0 5 0z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
