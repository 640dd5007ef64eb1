import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { readJson, testApi, type TestApi } from '../support/api.js';

const hello = readFileSync(new URL('../../processes/bpmn/hello.bpmn', import.meta.url), 'utf8');
const renamed = (xml: string, name: string) => xml.replace('name="Hello"', `name="${name}"`);

describe('POST /api/deployments', () => {
  let db: TestDatabase;
  let api: TestApi;
  let designer: Record<string, string>;
  beforeAll(async () => {
    db = await freshDatabase();
    api = await testApi(db.pool, 'deployments-test');
    designer = await api.as('dana', ['designers']);
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  const deploy = (body: string, headers = designer, query = '') =>
    api.app.request(`/api/deployments${query}`, { method: 'POST', headers, body });

  it('should version each key: the same key again is version + 1, identical XML keeps its version', async () => {
    // when
    const first = await deploy(JSON.stringify({ name: 'hello.bpmn', xml: hello }));
    const second = await deploy(JSON.stringify({ name: 'hello.bpmn', xml: renamed(hello, 'Hello again') }));
    const identical = await deploy(JSON.stringify({ name: 'hello.bpmn', xml: renamed(hello, 'Hello again') }));
    // then
    expect(first.status).toBe(201);
    expect(await readJson(first)).toMatchObject({ processes: [{ key: 'hello', version: 1, name: 'Hello' }] });
    expect(await readJson(second)).toMatchObject({ processes: [{ key: 'hello', version: 2, name: 'Hello again' }] });
    expect(await readJson(identical)).toMatchObject({ processes: [{ key: 'hello', version: 2 }] });
  });

  it('should serve each version and the latest', async () => {
    // when
    const latest = await (await api.app.request('/api/process-definitions', { headers: designer })).json();
    const v1 = await readJson(await api.app.request('/api/process-definitions/hello?version=1', { headers: designer }));
    const missing = await api.app.request('/api/process-definitions/hello?version=9', { headers: designer });
    // then
    expect(latest).toEqual([expect.objectContaining({ key: 'hello', version: 2, name: 'Hello again' })]);
    expect(v1).toMatchObject({ key: 'hello', version: 1, name: 'Hello', xml: hello, deployedBy: 'dana' });
    expect(v1.deployedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(missing.status).toBe(404);
  });

  it('should accept raw application/xml', async () => {
    // when
    const response = await deploy(renamed(hello, 'Raw'), { ...designer, 'content-type': 'application/xml' }, '?name=raw.bpmn');
    // then
    expect(response.status).toBe(201);
    expect(await readJson(response)).toMatchObject({ processes: [{ key: 'hello', name: 'Raw' }] });
  });

  it('should validate only on ?dryRun=true and store nothing', async () => {
    // given
    const before = await db.pool.query('SELECT count(*) FROM bpm.process_definitions');
    // when
    const response = await deploy(JSON.stringify({ name: 'x', xml: renamed(hello, 'Dry') }), designer, '?dryRun=true');
    // then
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({ deploymentId: null, processes: [{ key: 'hello' }] });
    expect((await db.pool.query('SELECT count(*) FROM bpm.process_definitions')).rows).toEqual(before.rows);
  });

  it('should answer 422 with every problem and its element id, storing nothing', async () => {
    // given: the service task loses its type, the end event its incoming flow
    const broken = hello.replace('<zeebe:taskDefinition type="notify.send" retries="3" />', '').replace('targetRef="EndEvent_hello"', 'targetRef="Nowhere"');
    // when
    const response = await deploy(JSON.stringify({ name: 'broken', xml: broken }));
    // then
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = await readJson(response);
    expect(body.errors.map((e: { elementId: string }) => e.elementId)).toEqual(expect.arrayContaining(['Task_greet', 'Flow_to_end']));
  });

  it('should answer 422 naming the element of a service-task type no worker serves, with the known types', async () => {
    // given
    const magic = hello.replace('type="notify.send"', 'type="magic.doesNotExist"').replaceAll('"hello"', '"magic"');
    // when
    const response = await deploy(JSON.stringify({ name: 'magic.bpmn', xml: magic }));
    // then
    expect(response.status).toBe(422);
    const body = await readJson(response);
    expect(body.errors).toEqual([
      { elementId: 'Task_greet', message: expect.stringMatching(/^No service-task type "magic.doesNotExist" is registered; the known types are: .*erp\.createSalesOrder.*notify\.send/) },
    ]);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM bpm.process_definitions WHERE key = 'magic'`)).rows[0].n).toBe(0);
  });

  it('should deploy a diagram that reads a variable nothing provides, with a warning naming the element and the variable', async () => {
    // given: the greeting's subject reads orderNumber, which no start variable, form or step provides
    const unprovided = hello.replace('<zeebe:input source="Hello" target="subject" />', '<zeebe:input source="=&#34;Order &#34; + orderNumber" target="subject" />').replaceAll('"hello"', '"unprovided"');
    // when
    const response = await deploy(JSON.stringify({ name: 'unprovided.bpmn', xml: unprovided }));
    // then
    expect(response.status).toBe(201);
    expect((await readJson(response)).warnings).toEqual([{ elementId: 'Task_greet', message: expect.stringContaining('Reads variable "orderNumber" (input mapping to subject)') }]);
  });

  it.each([
    ['text that is not XML', 'hello, world'],
    ['a DOCTYPE with an entity', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
  ])('should refuse %s with a problem, never a 500', async (_what, xml) => {
    // when
    const response = await deploy(JSON.stringify({ name: 'bad', xml }));
    // then
    expect([400, 422]).toContain(response.status);
    expect((await readJson(response)).detail).toBeTruthy();
  });

  it('should refuse a document over the size limit with 413', async () => {
    // when
    const response = await deploy(JSON.stringify({ name: 'big', xml: `<x>${'a'.repeat(6 * 1024 * 1024)}</x>` }));
    // then
    expect(response.status).toBe(413);
  });

  it('should let only designers and admins deploy', async () => {
    // given
    const seller = await api.as('sam', ['sales']);
    // when
    const response = await deploy(JSON.stringify({ name: 'hello.bpmn', xml: hello }), seller);
    // then
    expect(response.status).toBe(403);
  });
});
