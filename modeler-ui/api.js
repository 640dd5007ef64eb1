/* global fetch, window, CustomEvent */
import { clearSession, currentSession } from './session.js';

/** An RFC 9457 problem the API answered with; `errors` lists `{elementId, message}` for BPMN. */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.title ?? `HTTP ${status}`);
    this.status = status;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
  }
}

/**
 * Calls the API with the session's bearer token. A 401 on anything but login ends the
 * session, and the app shows the login form again.
 */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  const token = currentSession()?.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiProblem(0, { detail: 'The server cannot be reached; is it running?' });
  }
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { detail: text };
  }
  if (response.ok) return parsed;
  if (response.status === 401 && path !== '/api/auth/login') {
    clearSession();
    window.dispatchEvent(new CustomEvent('bpm:logged-out'));
  }
  throw new ApiProblem(response.status, parsed);
}
