/* global document, fetch, FormData, sessionStorage */
// The interactive API docs: the web app's session (same origin, same storage key), else a
// login here that becomes the web app's session too. Scalar renders the document with the
// token filled in, so "Test request" calls the API as the logged-in user.
const SESSION_KEY = 'bpm.session';

function storedToken() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null')?.token;
  } catch {
    return undefined;
  }
}

async function showDocs(token) {
  const response = await fetch('/api/openapi.json', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return false;
  document.getElementById('login').hidden = true;
  globalThis.Scalar.createApiReference('#docs', {
    content: await response.json(),
    withDefaultFonts: false,
    telemetry: false,
    hideClientButton: true,
    // Nothing that calls Scalar's servers: no AI agent, no developer toolbar (deploy, share).
    agent: { disabled: true },
    showDeveloperTools: 'never',
    authentication: { preferredSecurityScheme: 'bearer', securitySchemes: { bearer: { token } } },
  });
  return true;
}

function askToLogIn() {
  const form = document.getElementById('login');
  form.hidden = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: fields.get('username'), password: fields.get('password') }),
    });
    if (!response.ok) {
      form.querySelector('output').textContent = (await response.json().catch(() => ({}))).detail ?? `Login failed (${response.status})`;
      return;
    }
    const session = await response.json();
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    await showDocs(session.token);
  });
}

const token = storedToken();
if (!token || !(await showDocs(token))) askToLogIn();
