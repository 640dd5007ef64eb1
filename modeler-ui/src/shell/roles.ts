import type { Session } from './session.js';

/**
 * What a user does here, from their groups (CONTRACT §2 Identity). A page names the roles
 * it is for; the server still checks every call, this only decides what is shown.
 */
export type Role = 'employee' | 'designer' | 'manager' | 'admin';

const DESIGNER_GROUPS = ['designers', 'admin'];
const MANAGER_GROUPS = ['managers', 'sales-managers', 'admin'];

export function rolesOf(session: Session | null): Set<Role> {
  const groups = session?.user.groups ?? [];
  const roles = new Set<Role>();
  if (!session) return roles;
  roles.add('employee');
  if (groups.some((group) => DESIGNER_GROUPS.includes(group))) roles.add('designer');
  if (groups.some((group) => MANAGER_GROUPS.includes(group))) roles.add('manager');
  if (groups.includes('admin')) roles.add('admin');
  return roles;
}

export function hasRole(session: Session | null, role: Role): boolean {
  return rolesOf(session).has(role);
}
