import type { Hono } from 'hono';

/** One line per route: what it does, for GET /api/openapi.json. A test keeps it complete. */
export const routeSummaries: Record<string, string> = {
  'GET /healthz': 'Readiness: 200 when PostgreSQL and Temporal answer, 503 naming the part that does not (no auth)',
  'POST /api/auth/login': 'Log in with {username, password}; returns {token, user}',
  'POST /api/auth/logout': 'End this session: the token stops working at once',
  'GET /api/me': 'The logged-in user',
  'GET /api/config': 'What the web app needs to know about this installation: {temporalNamespace, temporalUiUrl?}',
  'POST /api/me/password': 'Change the password {currentPassword, newPassword}; other sessions end',
  'GET /api/me/responsibilities': 'Every step of every deployed process the caller may own, how (via), with open and breached counts (?username= for managers)',
  'GET /api/users': 'Active users {username, name, groups} matching ?q= (every employee, to pick a delegate); admins see every account',
  'POST /api/users': 'Create a user {username, name, password, groups} (group admin)',
  'PATCH /api/users/{username}': 'Change {name?, groups?, active?} (group admin); deactivation ends the sessions at once',
  'POST /api/deployments': 'Deploy BPMN: JSON {name, xml} or raw application/xml; ?dryRun=true validates only (designers)',
  'GET /api/process-definitions': 'The latest version of each process',
  'GET /api/process-definitions/{key}': 'One process version with its XML (?version=N, else the latest)',
  'GET /api/process-definitions/{key}/statistics': 'Per element of one version (?version=N, else the latest): {elementId, active, incidents, completed} (managers, designers)',
  'POST /api/process-instances': 'Start an instance {processKey, version?, businessKey?, variables?}',
  'GET /api/process-instances': 'List instances (?processKey=&status=running|incident|completed|cancelled)',
  'GET /api/process-instances/{id}': 'One instance, current to the last step: status, variables, active and completed elements, incidents with ids, history',
  'GET /api/process-instances/{id}/owners': 'Who owns each open step now: {elementId, name, taskId, assignee, candidateGroups, dueAt}',
  'POST /api/process-instances/{id}/cancel': 'Cancel a running instance (managers)',
  'POST /api/process-instances/{id}/retry': 'Run the step of one open incident again {incidentId}, or of every open incident without one (managers)',
  'POST /api/messages': 'Correlate {name, correlationKey, variables}: {correlated: n}, or {started: [instanceId]} by a message start event; 404 when nothing listens',
  'POST /api/signals': 'Broadcast {name, variables}: {delivered: n, started: [instanceId]} to every waiting signal catch and signal start event',
  'GET /api/tasks': 'The inbox: ?filter=mine|group|all&state=&processKey=&sort=dueAt|priority|createdAt&breached=&businessKey=&q=&limit=&after= (next cursor in X-Next-Cursor)',
  'GET /api/tasks/{id}': 'One task with its form, instructions and variables (assignee, candidates, managers, admins)',
  'GET /api/tasks/{id}/history': 'Who did what to the task and when: created, claimed, unclaimed, delegated, commented, breached, completed',
  'POST /api/tasks/{id}/claim': 'Claim an unassigned task (candidates only)',
  'POST /api/tasks/{id}/unclaim': 'Give a claimed task back (its assignee or a manager)',
  'POST /api/tasks/{id}/delegate': 'Hand the task to another active user {to} (its assignee or a manager)',
  'POST /api/tasks/{id}/comments': 'Add a comment {text} (append-only)',
  'POST /api/tasks/{id}/complete': 'Complete a task {variables}: 403 unless assignee or (unassigned) candidate, 409 when no longer open, 422 when the form refuses',
  'GET /api/notifications': "The caller's notifications (notify.send and SLA breaches, to them or their groups), newest first, with read marks",
  'POST /api/notifications/{id}/read': 'Mark one notification read (for the caller)',
  'GET /api/sla/breaches': 'SLA breaches ?processKey=&open=&owner=&group=&from=&to= (managers)',
  'GET /api/sla/summary': 'Per step: open, breached, completed, on-time rate, cycle time p50/p90 ?processKey=&from=&to= (managers)',
  'GET /api/sla/owners': 'Per user and per group: open, breached, completed, on-time rate ?processKey=&from=&to= (managers)',
  'GET /api/events': 'Events in commit order after ?after=<id> (managers, integrations)',
  'GET /api/events/stream': 'The same as server-sent events; resumes from Last-Event-ID (managers, integrations)',
  'GET /api/me/task-events/stream': "Server-sent task.* events of the tasks the caller may read, from now or Last-Event-ID (every employee's live inbox)",
  'GET /api/crm/clients': 'Clients (CRM)',
  'POST /api/crm/clients': 'Create a client card {name, legalEntities, contacts, owner, creditLimit}',
  'GET /api/crm/clients/{id}': 'The client card: legal entities, contacts, interactions, deals, orders, invoices, balance',
  'POST /api/crm/clients/{id}/interactions': 'Log an interaction {kind: call|email|meeting|sms|note, summary}',
  'GET /api/crm/leads': 'Leads',
  'POST /api/crm/leads': 'Create a lead',
  'POST /api/crm/leads/{id}/qualify': 'Qualify a lead: creates or links its client',
  'GET /api/crm/deals': 'Deals',
  'POST /api/crm/deals': 'Create a deal {clientId, title, amount}',
  'POST /api/crm/deals/{id}/stage': 'Move a deal to a stage (new, proposal, negotiation, won, lost); the history keeps who and when',
  'POST /api/crm/clients/{id}/follow-ups': "Schedule a follow-up {subject, dueAt | in (ISO duration), interactionId?}: a crm-follow-up case whose task goes to the client's owner",
  'GET /api/crm/funnel': 'The sales funnel of deals opened in ?from=&to=: per stage {stage, deals, amount, conversionToNext, medianDaysInStage}',
  'GET /api/crm/abc': 'ABC analysis of clients by net revenue in ?from=&to=: {clientId, name, revenue, share, cumulativeShare, class: A|B|C}',
  'GET /api/erp/products': 'Products (ERP)',
  'POST /api/erp/products': 'Create a product {sku, name, price, unit}',
  'GET /api/erp/warehouses': 'Warehouses',
  'POST /api/erp/warehouses': 'Create a warehouse',
  'GET /api/erp/stock': 'Stock per product and warehouse {sku, warehouse, onHand, reserved} (?sku=)',
  'POST /api/erp/stock/receipts': 'Receive stock {sku, warehouse, qty, unitCost?}: Dr Inventory / Cr Goods received not invoiced at cost',
  'GET /api/erp/stock/valuation': 'Stock value per product and warehouse {sku, warehouse, onHand, averageCost, value}; the total equals account 1400',
  'POST /api/erp/invoices/{id}/credit-notes': 'Credit an invoice {lines?: [{orderLineId, qty}], reason} (whole invoice without lines): reversing entry, the client owes less',
  'GET /api/erp/invoices/{id}/credit-notes': 'The credit notes of an invoice',
  'POST /api/erp/returns': 'Receive returned goods {orderId, lines: [{orderLineId, qty}], warehouse}: stock back in at the cost it left with',
  'GET /api/erp/orders/{id}': 'A sales order with its lines (quantities shipped and invoiced)',
  'GET /api/erp/shipments': 'Shipments (?orderId=)',
  'GET /api/erp/invoices/{id}': 'An invoice with its lines, tax and status',
  'GET /api/erp/payments': 'Payments and their allocations (?invoiceId=)',
  'GET /api/erp/journal': 'Posted journal entries with lines (?sourceId=)',
  'GET /api/erp/trial-balance': 'The trial balance; totalDebit always equals totalCredit',
  'GET /api/openapi.json': 'This document',
};

/** The routes an app really has, as OpenAPI paths (`:id` becomes `{id}`). */
export function appRoutes(app: Hono): string[] {
  const routes = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}').replace(/\/$/, '')}`);
  return [...new Set(routes)];
}

export function openApiDocument(app: Hono): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of appRoutes(app)) {
    const [method, path] = route.split(' ') as [string, string];
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    (paths[path] ??= {})[method.toLowerCase()] = {
      summary: routeSummaries[route] ?? route,
      ...(parameters.length ? { parameters } : {}),
      ...(path === '/healthz' || path === '/api/auth/login' ? { security: [] } : {}),
      responses: { default: { description: 'JSON, or application/problem+json (RFC 9457) on error' } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'BPM engine API', version: '0.1.0' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
