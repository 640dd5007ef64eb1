import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { parseDuration } from '../compiler/timers.js';
import { dueFromNow, FOLLOW_UP_PROCESS, followUpStart } from '../stores/crm/follow-ups.js';
import { findDefinition } from '../stores/bpm/definitions.js';
import { HttpProblem } from './problem.js';
import { startInstance } from './process-instances.js';
import { z } from 'zod';
import { abcAnalysis } from '../stores/abc-analysis.js';
import { getClientCard } from '../stores/client-card.js';
import { salesFunnel } from '../stores/crm/funnel.js';
import { createClient, listClients } from '../stores/crm/clients.js';
import { createDeal, dealStages, listDeals, setDealStage } from '../stores/crm/deals.js';
import { interactionKinds, logInteraction } from '../stores/crm/interactions.js';
import { createLead, listLeads, qualifyLead } from '../stores/crm/leads.js';
import type { Pool } from '../stores/db.js';
import { DomainError } from '../stores/errors.js';
import { runOnce } from '../stores/idempotency.js';
import { id, money } from '../stores/values.js';
import type { AuthVariables } from './auth.js';
import { effectKey } from './effect-key.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { abcRowSchema, clientCardSchema, clientSchema, dealSchema, followUpScheduledSchema, funnelStageSchema, interactionSchema, leadSchema } from './schemas/crm.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish();
const idParam = z.object({ id: z.coerce.number().int().positive() });

const newClient = z.object({
  name: text(200),
  owner: optionalText(64),
  creditLimit: money.nullish(),
  legalEntities: z.array(z.object({ name: text(200), taxId: optionalText(64), address: optionalText(500) })).max(50).default([]),
  contacts: z.array(z.object({ name: text(200), role: optionalText(100), email: z.email().nullish(), phone: optionalText(50) })).max(200).default([]),
});
const newInteraction = z.object({ kind: z.enum(interactionKinds), summary: text(4000) });
const newLead = z.object({
  name: text(200),
  company: optionalText(200),
  email: z.email().nullish(),
  phone: optionalText(50),
  source: optionalText(100),
  owner: optionalText(64),
});
const period = z
  .object({ from: z.iso.date().or(z.iso.datetime({ offset: true })).optional(), to: z.iso.date().or(z.iso.datetime({ offset: true })).optional() })
  .refine((value) => !value.from || !value.to || new Date(value.from) < new Date(value.to), { message: 'from must be before to', path: ['from'] });
const newDeal = z.object({ clientId: id, title: text(200), amount: money, owner: optionalText(64) });

const newFollowUp = z
  .object({ subject: text(200), dueAt: z.iso.datetime({ offset: true }).optional(), in: z.string().trim().min(2).max(40).optional(), interactionId: id.optional() })
  .refine((value) => Boolean(value.dueAt) !== Boolean(value.in), { message: 'give either dueAt or in (an ISO duration such as P3D)', path: ['dueAt'] });

/** CRM store, CONTRACT §2; mounted at /api/crm behind auth. With Temporal, follow-ups can be scheduled from the card. */
export function crmRoutes(deps: { pool: Pool; temporal?: Client; taskQueue?: string }) {
  const { pool } = deps;
  // Who is acting, when the auth middleware in front has said so.
  const actor = (c: { get(key: 'user'): AuthVariables['user'] | undefined }) => c.get('user')?.username ?? null;

  return new Hono<{ Variables: AuthVariables }>()
    .get('/clients', describe({ summary: 'Clients (CRM)', responses: { 200: z.array(clientSchema) } }), async (c) => c.json(await listClients(pool)))
    .post('/clients', describe({ summary: 'Create a client card {name, legalEntities, contacts, owner, creditLimit}; an Idempotency-Key header makes a retry return the first answer', responses: { 201: clientCardSchema }, problems: [403, 409, 422] }), validate('json', newClient), async (c) => {
      const request = c.req.valid('json');
      const created = await runOnce(pool, 'crm', { key: effectKey(c), operation: 'crm.createClient', request }, (db, effect) =>
        createClient(db, effect, { ...request, owner: request.owner ?? actor(c) }),
      );
      return c.json(await getClientCard(pool, created.id), 201);
    })
    .get('/clients/:id', describe({ summary: 'The client card: legal entities, contacts, interactions, deals, orders, invoices, balance', responses: { 200: clientCardSchema }, problems: [404] }), validate('param', idParam), async (c) => {
      const card = await getClientCard(pool, c.req.valid('param').id);
      if (!card) throw new DomainError('NOT_FOUND', `No client ${c.req.valid('param').id}`);
      return c.json(card);
    })
    .post('/clients/:id/interactions', describe({ summary: 'Log an interaction {kind: call|email|meeting|sms|note, summary}', responses: { 201: interactionSchema }, problems: [403, 404, 409, 422] }), validate('param', idParam), validate('json', newInteraction), async (c) => {
      const request = { clientId: c.req.valid('param').id, ...c.req.valid('json') };
      const interaction = await runOnce(pool, 'crm', { key: effectKey(c), operation: 'crm.logInteraction', request }, (db, effect) =>
        logInteraction(db, effect, { ...request, by: actor(c) }),
      ).catch(unknownClientIsNotFound);
      return c.json(interaction, 201);
    })
    .get('/funnel', describe({ summary: 'The sales funnel of deals opened in ?from=&to=: per stage {stage, deals, amount, conversionToNext, medianDaysInStage}', responses: { 200: z.array(funnelStageSchema) } }), validate('query', period), async (c) => c.json(await salesFunnel(pool, c.req.valid('query'))))
    .get('/abc', describe({ summary: 'ABC analysis of clients by net revenue in ?from=&to=: {clientId, name, revenue, share, cumulativeShare, class: A|B|C}', responses: { 200: z.array(abcRowSchema) } }), validate('query', period), async (c) => c.json(await abcAnalysis(pool, c.req.valid('query'))))
    .post('/clients/:id/follow-ups', describe({ summary: "Schedule a follow-up {subject, dueAt | in (ISO duration), interactionId?}: a crm-follow-up case whose task goes to the client's owner", responses: { 201: followUpScheduledSchema }, problems: [403, 404, 422, 503] }), validate('param', idParam), validate('json', newFollowUp), async (c) => {
      const request = c.req.valid('json');
      if (!deps.temporal || !deps.taskQueue) throw new HttpProblem(503, 'Follow-ups need the process engine, which this server does not reach');
      let dueAt = request.dueAt;
      if (request.in) {
        const delay = parseDuration(request.in);
        if (!delay.ok) throw new HttpProblem(400, `in: ${delay.reason}`, [{ field: 'in', message: delay.reason }]);
        dueAt = await dueFromNow(pool, delay.value);
      }
      const variables = await followUpStart(pool, { clientId: c.req.valid('param').id, subject: request.subject, dueAt: dueAt!, interactionId: request.interactionId }).catch(unknownClientIsNotFound);
      const definition = await findDefinition(pool, FOLLOW_UP_PROCESS);
      if (!definition) throw new HttpProblem(503, `The process ${FOLLOW_UP_PROCESS} is not deployed`);
      const started = await startInstance({ pool, temporal: deps.temporal, taskQueue: deps.taskQueue }, definition, {
        businessKey: `client-${variables.clientId}`,
        variables: { ...variables },
        startedBy: actor(c) ?? 'system',
      });
      return c.json({ ...variables, instanceId: started.instanceId }, 201);
    })
    .get('/leads', describe({ summary: 'Leads (?status=)', responses: { 200: z.array(leadSchema) } }), validate('query', z.object({ status: z.enum(['new', 'qualified', 'disqualified']).optional() })), async (c) =>
      c.json(await listLeads(pool, c.req.valid('query'))),
    )
    .post('/leads', describe({ summary: 'Create a lead', responses: { 201: leadSchema }, problems: [403, 409, 422] }), validate('json', newLead), async (c) => {
      const request = c.req.valid('json');
      const lead = await runOnce(pool, 'crm', { key: effectKey(c), operation: 'crm.createLead', request }, (db, effect) =>
        createLead(db, effect, { ...request, owner: request.owner ?? actor(c) }),
      );
      return c.json(lead, 201);
    })
    .post('/leads/:id/qualify', describe({ summary: 'Qualify a lead: creates or links its client', responses: { 200: leadSchema }, problems: [403, 404, 409, 422] }), validate('param', idParam), async (c) => {
      const request = { leadId: c.req.valid('param').id };
      return c.json(await runOnce(pool, 'crm', { key: effectKey(c), operation: 'crm.qualifyLead', request }, (db, effect) => qualifyLead(db, effect, request.leadId)));
    })
    .get('/deals', describe({ summary: 'Deals (?clientId=)', responses: { 200: z.array(dealSchema) } }), validate('query', z.object({ clientId: z.coerce.number().int().positive().optional() })), async (c) =>
      c.json(await listDeals(pool, c.req.valid('query'))),
    )
    .post('/deals', describe({ summary: 'Create a deal {clientId, title, amount}', responses: { 201: dealSchema }, problems: [403, 409, 422] }), validate('json', newDeal), async (c) => {
      const request = c.req.valid('json');
      const deal = await runOnce(pool, 'crm', { key: effectKey(c), operation: 'crm.createDeal', request }, (db, effect) =>
        createDeal(db, effect, { ...request, owner: request.owner ?? actor(c), by: actor(c) }),
      );
      return c.json(deal, 201);
    })
    .post('/deals/:id/stage', describe({ summary: 'Move a deal to a stage (new, proposal, negotiation, won, lost); the history keeps who and when', responses: { 200: dealSchema }, problems: [403, 404, 409, 422] }), validate('param', idParam), validate('json', z.object({ stage: z.enum(dealStages) })), async (c) => {
      const request = { dealId: c.req.valid('param').id, ...c.req.valid('json') };
      return c.json(
        await runOnce(pool, 'crm', { key: effectKey(c), operation: 'crm.setDealStage', request }, (db, effect) => setDealStage(db, effect, { ...request, by: actor(c) })),
      );
    });
}

/** In a URL, a client that does not exist is an unknown id: 404, not 422. */
function unknownClientIsNotFound(error: unknown): never {
  if (error instanceof DomainError && error.code === 'UNKNOWN_CLIENT') throw new DomainError('NOT_FOUND', error.message);
  throw error;
}
