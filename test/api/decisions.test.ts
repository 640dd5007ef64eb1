import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJson } from '../support/api.js';
import { eventually, inboxTask, instanceOf, useProcessRunner } from '../support/process-runner.js';

const fixture = (name: string) => readFileSync(new URL(`../decisions/${name}`, import.meta.url), 'utf8');
const discountDmn = fixture('Discount.rules.dmn');
/** The same graph with customerTier re-tagged v2 and its gold threshold lowered: a new version of each decision. */
const discountDmnV2 = discountDmn.replace('<zeebe:versionTag value="v1" />', '<zeebe:versionTag value="v2" />').replace('&gt;= 100000', '&gt;= 1000');

describe('business rule tasks calling DMN decisions, deployed with forms in one multipart request', () => {
  const t = useProcessRunner('decisions-test', {
    designer: ['dana', ['designers']],
    sam: ['sam', ['sales']],
    mia: ['mia', ['managers']],
  });

  /** POST /api/deployments as multipart/form-data with `resources` files, as Camunda's deploy sends them. */
  const deploy = async (files: Record<string, string>, query = '') => {
    const form = new FormData();
    for (const [name, content] of Object.entries(files)) form.append('resources', new File([content], name));
    const { authorization } = t.as.designer!;
    return t.api.app.request(`/api/deployments${query}`, { method: 'POST', headers: { authorization: authorization! }, body: form });
  };
  const start = async (processKey: string, variables: object) => {
    const response = await t.post('/api/process-instances', t.as.sam!, { processKey, variables });
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
    return (await readJson(response)).instanceId as string;
  };
  const statusOf = (instanceId: string, status: string) =>
    eventually(
      async () => {
        const instance = await instanceOf(t.api, t.as.mia!, instanceId);
        return instance.status === status ? instance : undefined;
      },
      `status ${status}`,
      30_000,
      () => instanceOf(t.api, t.as.mia!, instanceId),
    );

  it('deploys a process, its decisions and its form together, each versioned by its own id', async () => {
    // when
    const response = await deploy({
      'discount.bpmn': fixture('BusinessRuleTask.discount.bpmn'),
      'discount.dmn': discountDmn,
      'confirm.form': fixture('Discount.confirm.form'),
    });
    const again = await deploy({ 'discount.dmn': discountDmn });
    // then
    const body = await readJson(response);
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.processes).toEqual([{ key: 'discount-check', version: 1, name: 'Discount check' }]);
    expect(body.decisions).toEqual([
      { decisionId: 'customerTier', version: 1, name: 'Customer tier', decisionRequirementsId: 'DiscountRules' },
      { decisionId: 'greeting', version: 1, name: 'Greeting', decisionRequirementsId: 'DiscountRules' },
      { decisionId: 'orderDiscount', version: 1, name: 'Order discount', decisionRequirementsId: 'DiscountRules' },
    ]);
    expect(body.forms).toEqual([{ formId: 'confirm-discount', version: 1 }]);
    expect(body.warnings).toEqual([]);
    expect((await readJson(again)).decisions.map((d: { version: number }) => d.version)).toEqual([1, 1, 1]);
    // and they can be read back, as process definitions can
    const listed = await readJson(await t.api.app.request('/api/decision-definitions', { headers: t.as.sam! }));
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ decisionId: 'customerTier', version: 1, versionTag: 'v1', decisionRequirementsId: 'DiscountRules' })]));
    const one = await readJson(await t.api.app.request('/api/decision-definitions/orderDiscount?version=1', { headers: t.as.sam! }));
    expect(one).toMatchObject({ decisionId: 'orderDiscount', version: 1, xml: discountDmn, resourceName: 'discount.dmn', deployedBy: 'dana' });
    expect((await t.api.app.request('/api/decision-definitions/orderDiscount?version=99', { headers: t.as.sam! })).status).toBe(404);
    expect((await t.api.app.request('/api/decision-definitions')).status).toBe(401);
  });

  it('evaluates the decision, stores its result, and opens the next task with the linked form', async () => {
    // when
    const instanceId = await start('discount-check', { client: { revenue: 250_000 }, order: { total: 5_000 } });
    const task = await inboxTask(t.api, t.as.sam!, instanceId, 'Confirm_discount');
    // then: the decision's result is a variable and the deployed form is the task's form
    const instance = await instanceOf(t.api, t.as.mia!, instanceId);
    expect(instance.variables.discount).toEqual({ percent: 10, reason: 'gold client, large order' });
    expect(instance.completedElements).toContain('Decide_discount');
    const detail = await readJson(await t.api.app.request(`/api/tasks/${task.id}`, { headers: t.as.sam! }));
    expect(detail.form).toMatchObject({ id: 'confirm-discount', components: [{ key: 'confirmedPercent' }, { key: 'note' }] });
    // and the form's validation applies: 60 is above its max
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.sam!, { variables: { confirmedPercent: 60 } })).status).toBe(422);
    expect((await t.post(`/api/tasks/${task.id}/complete`, t.as.sam!, { variables: { confirmedPercent: 10 } })).status).toBe(200);
    expect((await statusOf(instanceId, 'completed')).variables.confirmedPercent).toBe(10);
  });

  it('opens an incident naming the decision when it cannot decide, and runs again on retry', async () => {
    // given: revenue missing, so customerTier falls to "standard"; a total that matches no rule is impossible here,
    // so break the table instead: a version of orderDiscount where two rules match every gold client
    const ambiguous = discountDmn.replace('<inputEntry id="e6"><text>&lt;= 1000</text></inputEntry>', '<inputEntry id="e6"><text>-</text></inputEntry>');
    expect((await deploy({ 'discount.dmn': ambiguous })).status).toBe(201);
    // when
    const instanceId = await start('discount-check', { client: { revenue: 250_000 }, order: { total: 5_000 } });
    const incident = await statusOf(instanceId, 'incident');
    // then
    expect(incident.incidents).toEqual([expect.objectContaining({ elementId: 'Decide_discount', message: expect.stringContaining("Decision 'orderDiscount': 2 rules matched, but hit policy UNIQUE allows one") })]);
    // when: the rules are mended and the step retried
    expect((await deploy({ 'discount.dmn': discountDmn.replace('"gold client"', '"gold client, mended"') })).status).toBe(201);
    const retried = await t.post(`/api/process-instances/${instanceId}/retry`, t.as.mia!, { incidentId: incident.incidents[0].id });
    // then
    expect(retried.status).toBe(202);
    await inboxTask(t.api, t.as.sam!, instanceId, 'Confirm_discount');
    expect((await instanceOf(t.api, t.as.mia!, instanceId)).variables.discount).toEqual({ percent: 10, reason: 'gold client, large order' });
  });

  it('binds to the latest version, to a version tag, or to the version deployed with the process', async () => {
    // given: the process deployed with v1 of the rules; then the rules alone as v2
    const first = await deploy({ 'bindings.bpmn': fixture('BusinessRuleTask.bindings.bpmn'), 'discount.dmn': discountDmn.replace('"gold client"', '"gold client (bindings)"') });
    expect(first.status, JSON.stringify(await first.clone().json())).toBe(201);
    expect((await deploy({ 'discount.dmn': discountDmnV2 })).status).toBe(201);
    // when: a client with 50 000 revenue is gold under v2's lower threshold, silver under v1
    const instanceId = await start('tier-bindings', { client: { revenue: 50_000 } });
    const completed = await statusOf(instanceId, 'completed');
    // then
    expect(completed.variables).toMatchObject({ latestTier: 'gold', taggedTier: 'silver', deploymentTier: 'silver' });
  });

  it('refuses what would not run, naming the resource and the element, and stores nothing', async () => {
    // given
    const before = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bpm.decision_definitions');
    const deploymentBound = fixture('BusinessRuleTask.bindings.bpmn').replace('id="tier-bindings"', 'id="tier-bindings-2"');
    // when
    const response = await deploy({
      'bindings.bpmn': deploymentBound,
      'broken.dmn': discountDmn.replace('<text>order.total</text>', '<text>order.total +</text>'),
      'notes.txt': 'hello',
      'nameless.form': '{"components": []}',
    });
    // then
    const body = await readJson(response);
    expect(response.status).toBe(422);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { resource: 'broken.dmn', elementId: 'inputTotal', message: expect.stringContaining('input expression "order.total +"') },
        { resource: 'notes.txt', elementId: null, message: expect.stringContaining('neither .bpmn, .dmn nor .form') },
        { resource: 'nameless.form', elementId: null, message: expect.stringContaining('no "id"') },
      ]),
    );
    expect((await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bpm.decision_definitions')).rows[0]!.n).toBe(before.rows[0]!.n);
    // and a decision bound to the deployment must come with it
    const alone = await deploy({ 'bindings.bpmn': deploymentBound });
    expect(alone.status).toBe(422);
    expect((await readJson(alone)).errors).toEqual([{ elementId: 'Tier_deployment', message: expect.stringContaining('bindingType="deployment"') }]);
  });

  it('warns when a called decision or linked form is not deployed yet', async () => {
    // when
    const xml = fixture('BusinessRuleTask.discount.bpmn').replace('id="discount-check"', 'id="discount-later"').replace('decisionId="orderDiscount"', 'decisionId="notYet"').replace('formId="confirm-discount"', 'formId="no-such-form"');
    const response = await t.post('/api/deployments', t.as.designer!, { name: 'later.bpmn', xml });
    // then
    expect(response.status).toBe(201);
    expect((await readJson(response)).warnings).toEqual(
      expect.arrayContaining([
        { elementId: 'Decide_discount', message: expect.stringContaining('No decision "notYet" is deployed yet') },
        { elementId: 'Confirm_discount', message: expect.stringContaining('No form "no-such-form" is deployed yet') },
      ]),
    );
  });
});
