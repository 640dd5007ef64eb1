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
export function mountNotificationsBell(container: HTMLElement, api: Api, token: () => string | null | undefined): () => void {
  const badge = h('span.bell-count', { id: 'bell-count', hidden: true });
  const panel = h('div.bell-panel', { id: 'bell-panel', hidden: true, role: 'dialog', 'aria-label': 'Notifications' });
  const button = h(
    'button.bell',
    { type: 'button', id: 'bell', 'aria-label': 'Notifications', 'aria-expanded': 'false', 'aria-controls': 'bell-panel', onClick: () => void toggle() },
    h('span.bell-icon', { 'aria-hidden': 'true' }, '🔔'),
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
  const stop = followEvents({ token, onEvent: (event) => event.kind === 'task.breached' && refresh(), onPoll: () => {} });
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
