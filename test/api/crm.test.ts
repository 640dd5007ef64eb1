import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { crmRoutes } from '../../api/crm.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { body, mountStoreApi, post } from '../support/store-api.js';

describe('/api/crm', () => {
  let db: TestDatabase;
  let app: Hono;
  beforeAll(async () => {
    db = await freshDatabase();
    app = mountStoreApi('/api/crm', crmRoutes({ pool: db.pool }) as never);
  });
  afterAll(() => db.drop());

  it('should create a client and answer with its card', async () => {
    // when
    const response = await app.request(
      '/api/crm/clients',
      post({ name: 'Acme Ltd', owner: 'anna', creditLimit: 5000, legalEntities: [{ name: 'Acme GmbH', taxId: 'DE1' }], contacts: [{ name: 'Jane', email: 'jane@acme.example' }] }),
    );
    // then
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      id: 1,
      name: 'Acme Ltd',
      owner: 'anna',
      creditLimit: 5000,
      legalEntities: [{ name: 'Acme GmbH', taxId: 'DE1' }],
      contacts: [{ name: 'Jane' }],
      interactions: [],
      deals: [],
      orders: [],
      invoices: [],
      balance: 0,
    });
  });

  it('should answer a repeated POST with one Idempotency-Key with the first result, once', async () => {
    // when
    const first = await app.request('/api/crm/clients/1/interactions', post({ kind: 'call', summary: 'Intro' }, { 'idempotency-key': 'call-1' }));
    const again = await app.request('/api/crm/clients/1/interactions', post({ kind: 'call', summary: 'Intro' }, { 'idempotency-key': 'call-1' }));
    const changed = await app.request('/api/crm/clients/1/interactions', post({ kind: 'call', summary: 'Changed' }, { 'idempotency-key': 'call-1' }));
    // then
    expect(first.status).toBe(201);
    expect(await body(again)).toEqual(await body(first));
    expect(changed.status).toBe(409);
    const card = await body(app.request('/api/crm/clients/1'));
    expect(card.interactions).toHaveLength(1);
  });

  it('should answer problem+json: 400 for a bad body, 404 for an unknown client', async () => {
    // when
    const bad = await app.request('/api/crm/clients/1/interactions', post({ kind: 'fax', summary: '' }));
    const unknown = await app.request('/api/crm/clients/99');
    const unknownInteraction = await app.request('/api/crm/clients/99/interactions', post({ kind: 'note', summary: 'x' }));
    // then
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect((await body(bad)).errors.map((error: { field: string }) => error.field).sort()).toEqual(['kind', 'summary']);
    expect(unknown.status).toBe(404);
    expect(unknownInteraction.status).toBe(404);
  });

  it('should take a lead to a client and a deal through its stages', async () => {
    // given
    const lead = await body(app.request('/api/crm/leads', post({ name: 'Bob', company: 'Baker & Sons', email: 'bob@baker.example' })));
    // when
    const qualified = await body(app.request(`/api/crm/leads/${lead.id}/qualify`, post({})));
    const deal = await body(app.request('/api/crm/deals', post({ clientId: qualified.clientId, title: 'Ovens', amount: 8400.5 })));
    const moved = await app.request(`/api/crm/deals/${deal.id}/stage`, post({ stage: 'won' }));
    const reopened = await app.request(`/api/crm/deals/${deal.id}/stage`, post({ stage: 'new' }));
    // then
    expect(qualified).toMatchObject({ status: 'qualified', clientId: expect.any(Number) });
    expect(await moved.json()).toMatchObject({ stage: 'won', amount: 8400.5 });
    expect(reopened.status).toBe(422);
    expect(await body(app.request(`/api/crm/deals?clientId=${qualified.clientId}`))).toHaveLength(1);
    expect(await body(app.request('/api/crm/leads?status=qualified'))).toHaveLength(1);
    expect(await body(app.request('/api/crm/clients'))).toHaveLength(2);
  });

  it('should show a deal moving stage in the client card as the document describes it (found by Schemathesis)', async () => {
    // given
    const client = await body(app.request('/api/crm/clients', post({ name: 'Stage Movers Ltd' })));
    const deal = await body(app.request('/api/crm/deals', post({ clientId: client.id, title: 'Big one', amount: 10 })));
    await app.request(`/api/crm/deals/${deal.id}/stage`, post({ stage: 'proposal' }));
    // when: the response checker holds the card to /api/openapi.json
    const card = await body(app.request(`/api/crm/clients/${client.id}`));
    // then
    expect(card.interactions).toContainEqual(expect.objectContaining({ kind: 'stage_change', dealId: deal.id }));
  });
});
