/* global sessionStorage */
/** Who is logged in: the bearer token and user from POST /api/auth/login, per browser tab. */
const KEY = 'bpm.session';

/** @returns {{token: string, user: {id: string, username: string, name: string, groups: string[]}} | null} */
export function currentSession() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

export function canDesign(session = currentSession()) {
  const groups = session?.user.groups ?? [];
  return groups.includes('admin') || groups.includes('designers');
}
