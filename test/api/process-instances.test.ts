import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSalesOrder } from '../../stores/erp/orders.js';
import { runOnce } from '../../stores/idempotency.js';
import { readJson } from '../support/api.js';
import { eventually, instanceOf, useProcessRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

interface Incident {
  id: string;
  elementId: string;
  message: string;
  openedAt: string;
  retries: number;
}

describe('process instances through the API: incidents by id, history, statistics', () => {
  const t = useProcessRunner('process-instances-test', {
    designer: ['dana', ['designers']],
    sam: ['sam', ['sales']],
    wes: ['wes', ['warehouse']],
    mia: ['mia', ['managers']],
  });
  beforeAll(async () => {
    const deployed = await t.post('/api/deployments', t.as.designer!, { name: 'two-reservations', xml: fixture('Incident.two-reservations.bpmn') });
    expect(deployed.status).toBe(201);
    for (const [path, body] of [
      ['/api/erp/warehouses', { code: 'MAIN', name: 'Main' }],
      ['/api/erp/products', { sku: 'GIZ-1', name: 'Gizmo', price: 10, standardCost: 4 }],
      ['/api/erp/products', { sku: 'BOLT-1', name: 'Bolt', price: 1, standardCost: 0.2 }],
    ] as const) {
      expect((await t.post(path, t.as.wes!, body)).status).toBe(201);
    }
  });

  const order = (key: string, sku: string, qty: number) =>
    runOnce(t.db.pool, 'erp', { key, operation: 'test.order', request: {} }, (client, effect) =>
      createSalesOrder(client, effect, { clientId: 1, creditLimit: null, lines: [{ sku, qty }] }),
    );
  type InstanceBody = Record<string, unknown> & { incidents: Incident[] };
  const instanceWhere = (instanceId: string, what: string, holds: (instance: InstanceBody) => boolean) =>
    eventually<InstanceBody>(async () => {
      const instance = (await instanceOf(t.api, t.as.mia!, instanceId)) as InstanceBody;
      return holds(instance) ? instance : undefined;
    }, what, 30_000, () => instanceOf(t.api, t.as.mia!, instanceId));

  it('should open one incident per failing branch and resume only the one named by POST /retry {incidentId}', async () => {
    // given: two branches, each reserving an order for which nothing is in stock
    const gizmos = await order('test:gizmos', 'GIZ-1', 3);
    const bolts = await order('test:bolts', 'BOLT-1', 2);
    const started = await readJson(
      await t.post('/api/process-instances', t.as.sam!, { processKey: 'two-reservations', variables: { gizmoOrder: gizmos.id, boltOrder: bolts.id } }),
    );
    const instanceId = started.instanceId as string;
    const both = await instanceWhere(instanceId, 'two incidents', (instance) => instance.incidents.length === 2);
    const gizmoIncident = both.incidents.find((incident: Incident) => incident.elementId === 'Task_reserveGizmos')!;
    const boltIncident = both.incidents.find((incident: Incident) => incident.elementId === 'Task_reserveBolts')!;
    expect(gizmoIncident).toEqual({ id: expect.any(String), elementId: 'Task_reserveGizmos', message: expect.stringMatching(/short by 3/), openedAt: expect.any(String), retries: 0 });
    expect(boltIncident.id).not.toBe(gizmoIncident.id);

    // when: gizmos arrive, and a manager retries that incident only
    expect((await t.post('/api/erp/stock/receipts', t.as.wes!, { sku: 'GIZ-1', warehouse: 'MAIN', qty: 5 })).status).toBe(201);
    const unknown = await t.post(`/api/process-instances/${instanceId}/retry`, t.as.mia!, { incidentId: 'no-such-incident' });
    const retried = await t.post(`/api/process-instances/${instanceId}/retry`, t.as.mia!, { incidentId: gizmoIncident.id });

    // then: the gizmo branch completed; the bolt incident is still open, as it was
    expect(unknown.status).toBe(404);
    expect((await readJson(unknown)).errors).toEqual([{ field: 'incidentId', message: expect.stringContaining(boltIncident.id) }]);
    expect(retried.status).toBe(202);
    expect(await readJson(retried)).toMatchObject({ instanceId, elementId: 'Task_reserveGizmos', incidentIds: [gizmoIncident.id] });
    const after = await instanceWhere(instanceId, 'gizmos reserved', (instance) => (instance.completedElements as string[]).includes('Task_reserveGizmos'));
    expect(after).toMatchObject({ status: 'incident', activeElements: ['Task_reserveBolts'], incidents: [boltIncident] });
    const history = after.history as Array<{ elementId: string; name: string | null; startedAt: string; endedAt?: string }>;
    expect(history.find((entry) => entry.elementId === 'Task_reserveGizmos')).toMatchObject({ name: 'Reserve gizmos', endedAt: expect.any(String) });
    expect(history.find((entry) => entry.elementId === 'Task_reserveBolts')).not.toHaveProperty('endedAt');

    // and the monitor's statistics say the same, per element (once the row has caught up)
    const statistics = await eventually(async () => {
      const response = await t.api.app.request('/api/process-definitions/two-reservations/statistics', { headers: t.as.mia! });
      const rows = (await readJson(response)) as Array<{ elementId: string; active: number; incidents: number; completed: number }>;
      return rows.some((row) => row.elementId === 'Task_reserveGizmos' && row.completed === 1) ? rows : undefined;
    }, 'statistics with the gizmo branch completed');
    expect(statistics).toEqual(
      expect.arrayContaining([
        { elementId: 'Task_reserveBolts', active: 1, incidents: 1, completed: 0 },
        { elementId: 'Task_reserveGizmos', active: 0, incidents: 0, completed: 1 },
        { elementId: 'Fork', active: 0, incidents: 0, completed: 1 },
      ]),
    );
    expect((await t.api.app.request('/api/process-definitions/two-reservations/statistics', { headers: t.as.sam! })).status).toBe(403);
    expect((await t.api.app.request('/api/process-definitions/no-such-process/statistics', { headers: t.as.mia! })).status).toBe(404);
  });
  it('should list a case, with its variables, only to whoever may read it', async () => {
    // given: sam starts a case; wes neither started it nor holds a task of it
    const started = await readJson(
      await t.post('/api/process-instances', t.as.sam!, { processKey: 'two-reservations', variables: { gizmoOrder: 0, boltOrder: 0 } }),
    );
    const listedTo = async (who: Record<string, string>) =>
      ((await readJson(await t.api.app.request('/api/process-instances?processKey=two-reservations', { headers: who }))) as Array<{ instanceId: string }>).map(
        (instance) => instance.instanceId,
      );
    // when / then
    expect(await listedTo(t.as.sam!)).toContain(started.instanceId);
    expect(await listedTo(t.as.mia!)).toContain(started.instanceId);
    expect(await listedTo(t.as.designer!)).toContain(started.instanceId);
    expect(await listedTo(t.as.wes!)).not.toContain(started.instanceId);
    expect((await t.api.app.request(`/api/process-instances/${started.instanceId}`, { headers: t.as.wes! })).status).toBe(403);
  });
});
