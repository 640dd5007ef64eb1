import { api } from './api.js';
import { h } from './dom.js';
import { saveSession, type Session } from './session.js';

/** The login form; on success the session is kept for this tab and `onLoggedIn` runs. */
export function mountLogin(view: HTMLElement, onLoggedIn: (session: Session) => void): void {
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p.field-error', { id: 'login-error', role: 'alert' });
  const submit = h('button.primary', { type: 'submit', id: 'login-submit' }, 'Log in');

  async function logIn(event: Event) {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const session = await api<Session>('/api/auth/login', { method: 'POST', body: { username: username.value.trim(), password: password.value } });
      saveSession(session);
      onLoggedIn(session);
    } catch (problem) {
      error.textContent = (problem as Error).message;
      submit.disabled = false;
      password.select();
    }
  }

  view.append(
    h(
      'div.login',
      h(
        'form.login-card.stack',
        { id: 'login-form', onSubmit: logIn },
        h('div.login-brand', h('span.brand-mark'), h('span', 'BPM engine')),
        h('p.login-lead', 'Model, run and follow your processes.'),
        h('label', 'Username', username),
        h('label', 'Password', password),
        error,
        submit,
      ),
    ),
  );
  username.focus();
}
