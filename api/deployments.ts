import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { resolver } from 'hono-openapi';
import { z } from 'zod';
import { MAX_BPMN_BYTES } from '../compiler/index.js';
import { deployBpmn } from '../deployments/deploy-bpmn.js';
import type { Pool } from '../stores/db.js';
import { findDefinition, listLatestDefinitions } from '../stores/bpm/definitions.js';
import { requireGroup, type AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { deploymentSchema, processDefinitionSchema, processDefinitionSummarySchema } from './schemas/processes.js';
import { versionParameter } from './schemas/common.js';

const jsonDeployment = z.object({ name: z.string().min(1).max(200), xml: z.string().min(1) }).meta({ id: 'NewDeployment' });
const deployQuery = z.object({ dryRun: z.enum(['true', 'false']).optional(), name: z.string().max(200).optional() });

async function readDeployment(request: Request, nameFromQuery: string | undefined): Promise<{ name: string; xml: string }> {
  const type = request.headers.get('content-type') ?? '';
  if (/^(application|text)\/(xml|bpmn\+xml)/.test(type)) return { name: nameFromQuery ?? 'deployment', xml: await request.text() };
  if (!type.startsWith('application/json')) throw new HttpProblem(415, 'Send JSON {name, xml} or raw application/xml');
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpProblem(400, 'The body is not valid JSON');
  }
  const parsed = jsonDeployment.safeParse(body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new HttpProblem(400, `Invalid body: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
  }
  return parsed.data;
}

export function deploymentRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>().post(
    '/',
    describe({
      summary: 'Deploy BPMN: JSON {name, xml} or raw application/xml; ?dryRun=true validates only (designers)',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: resolver(jsonDeployment) },
          'application/xml': { schema: { type: 'string', description: 'The BPMN document; its name from ?name=' } },
        },
      },
      responses: {
        200: { schema: deploymentSchema, description: 'Dry run: it would deploy (nothing stored)' },
        201: { schema: deploymentSchema, description: 'Deployed' },
      },
      problems: [403, 413, 415, 422],
    }),
    requireGroup('designers'),
    bodyLimit({
      maxSize: MAX_BPMN_BYTES + 64 * 1024,
      onError: () => {
        throw new HttpProblem(413, `A deployment may be at most ${MAX_BPMN_BYTES / 1024 / 1024} MB`);
      },
    }),
    validate('query', deployQuery),
    async (c) => {
      const query = c.req.valid('query');
      const { name, xml } = await readDeployment(c.req.raw, query.name);
      const outcome = await deployBpmn(pool, { name, xml, deployedBy: c.get('user').username, dryRun: query.dryRun === 'true' });
      if (!outcome.ok) {
        throw new HttpProblem(422, `The BPMN does not validate: ${outcome.errors.length} problem(s)`, outcome.errors);
      }
      const body = {
        deploymentId: outcome.deploymentId,
        processes: outcome.processes.map(({ key, version, name: processName }) => ({ key, version, name: processName })),
        warnings: outcome.warnings,
      };
      return c.json(body, query.dryRun === 'true' ? 200 : 201);
    },
  );
}

const versionQuery = z.object({ version: versionParameter.optional() });

export function processDefinitionRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>()
    .get('/', describe({ summary: 'The latest version of each process', responses: { 200: z.array(processDefinitionSummarySchema) } }), async (c) => c.json(await listLatestDefinitions(pool)))
    .get('/:key', describe({ summary: 'One process version with its XML (?version=N, else the latest)', responses: { 200: processDefinitionSchema }, problems: [404] }), validate('query', versionQuery), async (c) => {
      const { version } = c.req.valid('query');
      const definition = await findDefinition(pool, c.req.param('key'), version);
      if (!definition) throw new HttpProblem(404, `No process ${c.req.param('key')}${version ? ` version ${version}` : ''}`);
      const { model: _model, ...withoutModel } = definition;
      return c.json(withoutModel);
    });
}
