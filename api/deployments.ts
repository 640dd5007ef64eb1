import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { resolver } from 'hono-openapi';
import { z } from 'zod';
import { MAX_BPMN_BYTES } from '../compiler/index.js';
import { bpmnResourceName } from '../deployments/deploy-bpmn.js';
import { deployResources, type DeploymentResource } from '../deployments/deploy-resources.js';
import type { Pool } from '../stores/db.js';
import { findDefinition, listLatestDefinitions } from '../stores/bpm/definitions.js';
import type { AuthVariables } from './auth.js';
import { HttpProblem } from './problem.js';
import { validate } from './validate.js';
import { describe } from './openapi.js';
import { deploymentSchema, processDefinitionSchema, processDefinitionSummarySchema } from './schemas/processes.js';
import { versionParameter } from './schemas/common.js';

const jsonDeployment = z.object({ name: z.string().min(1).max(200), xml: z.string().min(1) }).meta({ id: 'NewDeployment' });
const deployQuery = z.object({ dryRun: z.enum(['true', 'false']).optional(), name: z.string().max(200).optional() });

/** Several resources in one multipart request may together be this large. */
const MAX_DEPLOYMENT_BYTES = 4 * MAX_BPMN_BYTES;

/**
 * What a deployment request carries: JSON {name, xml}, raw BPMN XML, or (as Camunda's
 * deploy sends them) multipart/form-data with one or more `resources` files: `.bpmn`,
 * `.dmn` and `.form`.
 */
async function readDeployment(request: Request, nameFromQuery: string | undefined): Promise<{ name: string; resources: DeploymentResource[] }> {
  const type = request.headers.get('content-type') ?? '';
  if (/^(application|text)\/(xml|bpmn\+xml)/.test(type)) {
    const name = nameFromQuery ?? 'deployment';
    return { name, resources: [resource(bpmnResourceName(name), await request.text())] };
  }
  if (type.startsWith('multipart/form-data')) return readMultipart(request, nameFromQuery);
  if (!type.startsWith('application/json')) throw new HttpProblem(415, 'Send JSON {name, xml}, raw application/xml, or multipart/form-data with resources files');
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
  const { name, xml } = parsed.data;
  return { name, resources: [resource(bpmnResourceName(name), xml)] };
}

/** Each resource may be as large as one BPMN upload (compiler MAX_BPMN_BYTES); larger is 413. */
function resource(name: string, content: string): DeploymentResource {
  if (Buffer.byteLength(content, 'utf8') > MAX_BPMN_BYTES) throw new HttpProblem(413, `"${name}" is larger than ${MAX_BPMN_BYTES / 1024 / 1024} MB`);
  return { name, content };
}

async function readMultipart(request: Request, nameFromQuery: string | undefined): Promise<{ name: string; resources: DeploymentResource[] }> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new HttpProblem(400, 'The body is not valid multipart/form-data');
  }
  const files = form.getAll('resources');
  if (files.length === 0) {
    throw new HttpProblem(400, 'Invalid body: resources: add one or more files (.bpmn, .dmn, .form) as form field "resources"', [
      { field: 'resources', message: 'at least one file is required' },
    ]);
  }
  const resources: DeploymentResource[] = [];
  for (const [index, file] of files.entries()) {
    if (typeof file === 'string') {
      throw new HttpProblem(400, `Invalid body: resources[${index}]: a file is expected, not a text field`, [{ field: `resources.${index}`, message: 'expected a file' }]);
    }
    resources.push(resource(file.name || `resource-${index + 1}`, await file.text()));
  }
  const nameField = form.get('name');
  const name = (typeof nameField === 'string' && nameField.trim() ? nameField.trim() : null) ?? nameFromQuery ?? resources.map((resource) => resource.name).join(', ');
  return { name: name.slice(0, 200), resources };
}

export function deploymentRoutes(pool: Pool) {
  return new Hono<{ Variables: AuthVariables }>().post(
    '/',
    describe({
      summary: 'Deploy BPMN: JSON {name, xml}, raw application/xml, or multipart/form-data with several `resources` files (.bpmn, .dmn, .form) as one deployment; ?dryRun=true validates only (designers)',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: resolver(jsonDeployment) },
          'application/xml': { schema: { type: 'string', description: 'The BPMN document; its name from ?name=' } },
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['resources'],
              properties: {
                resources: { type: 'array', items: { type: 'string', format: 'binary' }, description: '.bpmn, .dmn and .form files, each at most 5 MB' },
                name: { type: 'string', maxLength: 200, description: 'The deployment name (default: the file names)' },
              },
            },
          },
        },
      },
      responses: {
        200: { schema: deploymentSchema, description: 'Dry run: it would deploy (nothing stored)' },
        201: { schema: deploymentSchema, description: 'Deployed' },
      },
      problems: [403, 413, 415, 422],
    }),
    bodyLimit({
      maxSize: MAX_DEPLOYMENT_BYTES + 64 * 1024,
      onError: () => {
        throw new HttpProblem(413, `A deployment may be at most ${MAX_DEPLOYMENT_BYTES / 1024 / 1024} MB (each resource ${MAX_BPMN_BYTES / 1024 / 1024} MB)`);
      },
    }),
    validate('query', deployQuery),
    async (c) => {
      const query = c.req.valid('query');
      const { name, resources } = await readDeployment(c.req.raw, query.name);
      const outcome = await deployResources(pool, { name, resources, deployedBy: c.get('user').username, dryRun: query.dryRun === 'true' });
      if (!outcome.ok) {
        throw new HttpProblem(422, `The deployment does not validate: ${outcome.errors.length} problem(s)`, outcome.errors);
      }
      const body = {
        deploymentId: outcome.deploymentId,
        processes: outcome.processes.map(({ key, version, name: processName }) => ({ key, version, name: processName })),
        decisions: outcome.decisions.map(({ decisionId, version, name: decisionName, decisionRequirementsId }) => ({ decisionId, version, name: decisionName, decisionRequirementsId })),
        forms: outcome.forms.map(({ formId, version }) => ({ formId, version })),
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
