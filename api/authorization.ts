import { createMiddleware } from 'hono/factory';
import { inGroup, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';

/** The groups of CONTRACT §2. `admin` may do everything an employee route allows. */
export const GROUPS = ['sales', 'sales-managers', 'warehouse', 'accounting', 'managers', 'designers', 'admin', 'integrations'] as const;
export type Group = (typeof GROUPS)[number];

/**
 * Who may call a route:
 * - `public`: no token needed;
 * - `employees`: every active user with a token, whatever their groups;
 * - a list of groups: members of one of them, and admins; every other user gets 403.
 * `rowLevel` says what the handler decides per record on top (a 403 or a narrower answer).
 */
export interface Access {
  allow: 'public' | 'employees' | readonly Group[];
  rowLevel?: string;
}

const everyone: Access = { allow: 'employees' };
const crmWriters: Access = { allow: ['sales', 'sales-managers', 'managers'] };
const erpWriters: Access = { allow: ['warehouse', 'accounting', 'managers'] };
const taskRow = (rule: string): Access => ({ allow: 'employees', rowLevel: rule });

/**
 * The authorisation matrix: every route of the app (OpenAPI paths) and who may call it.
 * `authorize()` enforces it for every request; test/api/authorization.test.ts walks it
 * for every group, a user with no groups and a deactivated user (401 everywhere but the
 * public routes: its tokens stop working at once).
 */
export const authorization: Record<string, Access> = {
  'GET /healthz': { allow: 'public' },
  'POST /api/auth/login': { allow: 'public' },
  'POST /api/auth/logout': everyone,
  'GET /api/me': everyone,
  'GET /api/config': everyone,
  'POST /api/me/password': everyone,
  'GET /api/me/responsibilities': { allow: 'employees', rowLevel: "?username= of someone else: managers and admins only (403)" },
  'GET /api/me/task-events/stream': { allow: 'employees', rowLevel: 'only the events of tasks the caller may read' },
  'GET /api/users': { allow: 'employees', rowLevel: 'admins see every account with all fields; others active users {username, name, groups}' },
  'POST /api/users': { allow: ['admin'] },
  'PATCH /api/users/{username}': { allow: ['admin'] },
  'GET /api/audit': { allow: ['admin'] },
  'POST /api/deployments': { allow: ['designers'] },
  'GET /api/process-definitions': everyone,
  'GET /api/process-definitions/{key}': everyone,
  'GET /api/process-definitions/{key}/statistics': { allow: ['managers', 'designers'] },
  'GET /api/decision-definitions': everyone,
  'GET /api/decision-definitions/{decisionId}': everyone,
  'POST /api/process-instances': everyone,
  'GET /api/process-instances': { allow: 'employees', rowLevel: 'managers, designers, admins see all; others the cases they work on' },
  'GET /api/process-instances/{id}': { allow: 'employees', rowLevel: 'managers, designers, admins; others only a case they work on (403)' },
  'GET /api/process-instances/{id}/owners': everyone,
  'POST /api/process-instances/{id}/cancel': { allow: ['managers'] },
  'POST /api/process-instances/{id}/retry': { allow: ['managers'] },
  'POST /api/messages': everyone,
  'POST /api/signals': everyone,
  'GET /api/tasks': { allow: 'employees', rowLevel: 'only tasks the caller holds or is a candidate for (managers, admins: all)' },
  'GET /api/tasks/{id}': taskRow('assignee, candidates, whoever completed it, managers, admins (403)'),
  'GET /api/tasks/{id}/history': taskRow('as GET /api/tasks/{id}'),
  'POST /api/tasks/{id}/claim': taskRow('candidates of an unassigned task (403)'),
  'POST /api/tasks/{id}/unclaim': taskRow('the assignee or a manager (403)'),
  'POST /api/tasks/{id}/delegate': taskRow('the assignee or a manager (403)'),
  'POST /api/tasks/{id}/comments': taskRow('as GET /api/tasks/{id}'),
  'POST /api/tasks/{id}/complete': taskRow('the assignee, or a candidate of an unassigned task (403)'),
  'GET /api/notifications': { allow: 'employees', rowLevel: "only the caller's own and their groups'" },
  'POST /api/notifications/{id}/read': { allow: 'employees', rowLevel: 'marks it read for the caller only' },
  'GET /api/sla/breaches': { allow: ['managers'] },
  'GET /api/sla/summary': { allow: ['managers'] },
  'GET /api/sla/owners': { allow: ['managers'] },
  'GET /api/events': { allow: ['managers', 'integrations'] },
  'GET /api/events/stream': { allow: ['managers', 'integrations'] },
  'GET /api/crm/clients': everyone,
  'POST /api/crm/clients': crmWriters,
  'GET /api/crm/clients/{id}': everyone,
  'POST /api/crm/clients/{id}/interactions': crmWriters,
  'POST /api/crm/clients/{id}/follow-ups': crmWriters,
  'GET /api/crm/leads': everyone,
  'POST /api/crm/leads': crmWriters,
  'POST /api/crm/leads/{id}/qualify': crmWriters,
  'GET /api/crm/deals': everyone,
  'POST /api/crm/deals': crmWriters,
  'POST /api/crm/deals/{id}/stage': crmWriters,
  'GET /api/crm/funnel': everyone,
  'GET /api/crm/abc': everyone,
  'GET /api/erp/products': everyone,
  'POST /api/erp/products': erpWriters,
  'GET /api/erp/warehouses': everyone,
  'POST /api/erp/warehouses': erpWriters,
  'GET /api/erp/stock': everyone,
  'POST /api/erp/stock/receipts': erpWriters,
  'GET /api/erp/stock/valuation': everyone,
  'POST /api/erp/invoices/{id}/credit-notes': erpWriters,
  'GET /api/erp/invoices/{id}/credit-notes': everyone,
  'POST /api/erp/returns': erpWriters,
  'GET /api/erp/orders/{id}': everyone,
  'GET /api/erp/shipments': everyone,
  'GET /api/erp/invoices/{id}': everyone,
  'GET /api/erp/payments': everyone,
  'GET /api/erp/journal': everyone,
  'GET /api/erp/trial-balance': everyone,
  'GET /api/openapi.json': everyone,
  // The docs page and its scripts hold no data; the document they show needs a token.
  'GET /api/docs': { allow: 'public' },
  'GET /api/docs/docs.js': { allow: 'public' },
  'GET /api/docs/scalar.js': { allow: 'public' },
};

/** What one principal gets on one route: allowed, allowed with a per-record check, or refused. */
export type Verdict = 'allowed' | 'row-level' | 401 | 403;

/** One cell of the matrix; `null` groups is a deactivated user (its tokens no longer work). */
export function verdict(access: Access, groups: readonly string[] | null): Verdict {
  if (access.allow === 'public') return 'allowed';
  if (groups === null) return 401;
  if (access.allow !== 'employees' && !groups.includes('admin') && !access.allow.some((group) => groups.includes(group))) return 403;
  return access.rowLevel ? 'row-level' : 'allowed';
}

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  key: string;
  access: Access;
  params: number;
}

const compiled: CompiledRoute[] = Object.entries(authorization)
  .map(([key, access]) => {
    const [method, path] = key.split(' ') as [string, string];
    const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}/?$`);
    return { method, pattern, key, access, params: (path.match(/\{/g) ?? []).length };
  })
  // A literal segment wins over a parameter (e.g. /events/stream before /events/{id}, should one come).
  .sort((a, b) => a.params - b.params);

/** The row of the matrix a request falls under; undefined for a route the app does not have. */
export function accessOf(method: string, path: string): { key: string; access: Access } | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return compiled.find((route) => route.method === wanted && route.pattern.test(path));
}

/**
 * Enforces the matrix after requireUser: a route's groups (admins always pass) or 403.
 * A request for no route of the table passes on, to be answered 404 (or 405) by the app.
 */
export function authorize() {
  return createMiddleware<{ Variables: AuthVariables }>(async (c, next) => {
    const route = accessOf(c.req.method, c.req.path);
    if (route && route.access.allow !== 'public' && route.access.allow !== 'employees') {
      if (!inGroup(c.get('user'), ...route.access.allow)) {
        throw new HttpProblem(403, `This needs one of the groups: ${[...new Set(['admin', ...route.access.allow])].join(', ')}`);
      }
    }
    await next();
  });
}
