/** Who is logged in: the bearer token and user from POST /api/auth/login, per browser tab. */
export interface User {
  id: string;
  username: string;
  name: string;
  groups: string[];
}
export interface Session {
  token: string;
  user: User;
}

const KEY = 'bpm.session';

export function currentSession(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
