/**
 * One deployment of several resources, as Camunda 8's deploy takes them: `.bpmn`
 * processes, `.dmn` decisions and `.form` forms. All are read and checked first; any
 * error anywhere stores nothing. Then everything is stored in one transaction, each
 * resource versioned by its own id (byte-identical content keeps its version).
 */
import { createHash, randomUUID } from 'node:crypto';
import { runnableTaskTypes, serviceTaskSignatures } from '../activities/registry.js';
import { compileBpmn, type Problem, type ProcessModel, type ServiceTaskSignatures } from '../compiler/index.js';
import type { ResourceBinding } from '../compiler/model.js';
import { decisionHeaders } from '../compiler/read/tasks.js';
import type { DecisionGraph } from '../decisions/model.js';
import { readDmn } from '../decisions/read-dmn.js';
import { appendAudit } from '../stores/bpm/audit.js';
import { findDecision, saveDecisions, type DeployedDecision } from '../stores/bpm/decisions.js';
import { insertDeployment, saveProcesses, type DeployedProcess } from '../stores/bpm/definitions.js';
import { findForm, saveForm, type DeployedForm } from '../stores/bpm/forms.js';
import { inTransaction, type Pool } from '../stores/db.js';
import { applyExecutionModes } from './execution-modes.js';

export interface DeploymentResource {
  /** The file name; its extension says what it is. */
  name: string;
  content: string;
}

/** A problem with the resource it was found in (named when the deployment has several). */
export interface ResourceProblem extends Problem {
  resource?: string;
}

export type ResourcesOutcome =
  | {
      ok: true;
      deploymentId: string | null;
      processes: DeployedProcess[];
      decisions: DeployedDecision[];
      forms: DeployedForm[];
      warnings: ResourceProblem[];
    }
  | { ok: false; errors: ResourceProblem[]; warnings: ResourceProblem[] };

const registeredTypes: ServiceTaskSignatures = serviceTaskSignatures();

interface ReadResources {
  processes: Array<{ resource: DeploymentResource; models: ProcessModel[] }>;
  graphs: Array<{ resource: DeploymentResource; graph: DecisionGraph }>;
  forms: Array<{ resource: DeploymentResource; formId: string; versionTag: string | null; schema: Record<string, unknown> }>;
}

export async function deployResources(
  pool: Pool,
  request: { name: string; resources: DeploymentResource[]; deployedBy: string | null; dryRun?: boolean },
  serviceTaskTypes: ServiceTaskSignatures = registeredTypes,
): Promise<ResourcesOutcome> {
  const errors: ResourceProblem[] = [];
  const warnings: ResourceProblem[] = [];
  const named = request.resources.length > 1;
  const add = (list: ResourceProblem[], resource: DeploymentResource, problems: Problem[]) =>
    list.push(...problems.map((problem) => (named ? { resource: resource.name, ...problem } : problem)));

  const read: ReadResources = { processes: [], graphs: [], forms: [] };
  if (request.resources.length === 0) errors.push({ elementId: null, message: 'The deployment has no resources: send .bpmn, .dmn or .form files.' });
  for (const resource of request.resources) {
    const kind = resourceKind(resource.name);
    if (kind === 'bpmn') {
      const compiled = await compileBpmn(resource.content, { serviceTaskTypes });
      add(warnings, resource, compiled.warnings);
      if (!compiled.ok) add(errors, resource, compiled.errors);
      else {
        add(warnings, resource, applyExecutionModes(compiled.processes, runnableTaskTypes));
        read.processes.push({ resource, models: compiled.processes });
      }
    } else if (kind === 'dmn') {
      const dmn = await readDmn(resource.content);
      add(warnings, resource, dmn.warnings);
      if (!dmn.ok) add(errors, resource, dmn.errors);
      else read.graphs.push({ resource, graph: dmn.graph });
    } else if (kind === 'form') {
      const form = readForm(resource.content);
      if ('message' in form) add(errors, resource, [{ elementId: null, message: form.message }]);
      else read.forms.push({ resource, ...form });
    } else {
      add(errors, resource, [{ elementId: null, message: `"${resource.name}" is neither .bpmn, .dmn nor .form: only those can be deployed.` }]);
    }
  }
  for (const duplicate of duplicateIds(read)) errors.push(duplicate);
  if (errors.length > 0) return { ok: false, errors, warnings };

  const references = await checkReferences(pool, read);
  for (const { resource, problem, severity } of references) add(severity === 'error' ? errors : warnings, resource, [problem]);
  if (errors.length > 0) return { ok: false, errors, warnings };

  if (request.dryRun) {
    return {
      ok: true,
      deploymentId: null,
      processes: read.processes.flatMap(({ models }) => models.map((model) => ({ key: model.id, version: 0, name: model.name, created: false }))),
      decisions: read.graphs.flatMap(({ graph }) =>
        graph.decisions.map((decision) => ({ decisionId: decision.id, version: 0, name: decision.name, decisionRequirementsId: graph.id, created: false })),
      ),
      forms: read.forms.map(({ formId }) => ({ formId, version: 0, created: false })),
      warnings,
    };
  }
  const saved = await inTransaction(pool, async (client) => {
    const deploymentId = await insertDeployment(client, { id: randomUUID(), name: request.name, deployedBy: request.deployedBy });
    const processes: DeployedProcess[] = [];
    for (const { resource, models } of read.processes) {
      for (const model of models) bindToDeployment(model, deploymentId);
      processes.push(...(await saveProcesses(client, { deploymentId, xml: resource.content, xmlSha256: sha256(resource.content), deployedBy: request.deployedBy, processes: models })));
    }
    const decisions: DeployedDecision[] = [];
    for (const { resource, graph } of read.graphs) {
      decisions.push(
        ...(await saveDecisions(client, { deploymentId, resourceName: resource.name, xml: resource.content, xmlSha256: sha256(resource.content), graph, deployedBy: request.deployedBy })),
      );
    }
    const forms: DeployedForm[] = [];
    for (const form of read.forms) {
      forms.push(await saveForm(client, { deploymentId, resourceName: form.resource.name, formId: form.formId, versionTag: form.versionTag, schema: form.schema, sha256: sha256(form.resource.content), deployedBy: request.deployedBy }));
    }
    const created = { processes: processes.filter((p) => p.created), decisions: decisions.filter((d) => d.created), forms: forms.filter((f) => f.created) };
    if (request.deployedBy && (created.processes.length || created.decisions.length || created.forms.length)) {
      await appendAudit(client, {
        actor: request.deployedBy,
        action: 'deployment.created',
        target: deploymentId,
        details: {
          name: request.name,
          processes: created.processes.map(({ key, version }) => ({ key, version })),
          ...(created.decisions.length ? { decisions: created.decisions.map(({ decisionId, version }) => ({ decisionId, version })) } : {}),
          ...(created.forms.length ? { forms: created.forms.map(({ formId, version }) => ({ formId, version })) } : {}),
        },
      });
    }
    return { deploymentId, processes, decisions, forms };
  });
  return { ok: true, ...saved, warnings };
}

function resourceKind(name: string): 'bpmn' | 'dmn' | 'form' | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.bpmn') || lower.endsWith('.bpmn20.xml') || lower.endsWith('.xml')) return 'bpmn';
  if (lower.endsWith('.dmn')) return 'dmn';
  if (lower.endsWith('.form')) return 'form';
  return null;
}

/** A `.form` file is form-js JSON with an `id` (what `zeebe:formDefinition formId` names) and components. */
function readForm(content: string): { formId: string; versionTag: string | null; schema: Record<string, unknown> } | { message: string } {
  let schema: unknown;
  try {
    schema = JSON.parse(content);
  } catch {
    return { message: 'The form is not JSON: a .form file is a form-js schema as Camunda Modeler saves it.' };
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return { message: 'The form is not a form-js schema (a JSON object).' };
  const { id, components, versionTag } = schema as Record<string, unknown>;
  if (typeof id !== 'string' || id.trim() === '') return { message: 'The form has no "id"; zeebe:formDefinition formId refers to it.' };
  if (!Array.isArray(components)) return { message: `The form "${id}" has no "components" list.` };
  return { formId: id, versionTag: typeof versionTag === 'string' && versionTag.trim() ? versionTag.trim() : null, schema: schema as Record<string, unknown> };
}

function duplicateIds(read: ReadResources): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  const check = (what: string, entries: Array<{ id: string; resource: string }>) => {
    const first = new Map<string, string>();
    for (const { id, resource } of entries) {
      const earlier = first.get(id);
      if (earlier !== undefined) problems.push({ resource, elementId: id, message: `The ${what} "${id}" is also in ${earlier}; one deployment holds each id once.` });
      else first.set(id, resource);
    }
  };
  check('process', read.processes.flatMap(({ resource, models }) => models.map((model) => ({ id: model.id, resource: resource.name }))));
  check('decision', read.graphs.flatMap(({ resource, graph }) => graph.decisions.map((decision) => ({ id: decision.id, resource: resource.name }))));
  check('form', read.forms.map(({ formId, resource }) => ({ id: formId, resource: resource.name })));
  return problems;
}

interface ReferenceProblem {
  resource: DeploymentResource;
  problem: Problem;
  severity: 'error' | 'warning';
}

/**
 * Decisions and linked forms the processes call. One bound to this deployment must be
 * in it (an error otherwise); one bound to the latest version or a tag may come later,
 * as Camunda allows, so a missing one is a warning: the step opens an incident (a
 * decision) or shows the form reference (a form) until it is deployed.
 */
async function checkReferences(pool: Pool, read: ReadResources): Promise<ReferenceProblem[]> {
  const found: ReferenceProblem[] = [];
  const decisionsHere = read.graphs.flatMap(({ graph }) => graph.decisions);
  const formsHere = read.forms;
  for (const { resource, models } of read.processes) {
    for (const model of models) {
      for (const element of Object.values(model.elements)) {
        const reference = referenceOf(element);
        if (!reference) continue;
        const here =
          reference.what === 'decision'
            ? decisionsHere.some((decision) => decision.id === reference.id && matchesTag(reference.binding, decision.versionTag))
            : formsHere.some((form) => form.formId === reference.id && matchesTag(reference.binding, form.versionTag));
        if (here) continue;
        if (reference.binding.bindingType === 'deployment') {
          const message = `The ${reference.what} "${reference.id}" is bound to this deployment (bindingType="deployment") but is not in it; deploy its file together with the process.`;
          found.push({ resource, severity: 'error', problem: { elementId: element.id, message } });
          continue;
        }
        const stored = reference.what === 'decision' ? await findDecision(pool, reference.id, reference.binding) : await findForm(pool, reference.id, reference.binding);
        if (!stored) {
          const consequence = reference.what === 'decision' ? 'the step opens an incident until it is deployed' : 'the task shows only the form reference until it is deployed';
          const message = `No ${reference.what} "${reference.id}"${reference.binding.bindingType === 'versionTag' ? ` tagged "${reference.binding.versionTag}"` : ''} is deployed yet; ${consequence}.`;
          found.push({ resource, severity: 'warning', problem: { elementId: element.id, message } });
        }
      }
    }
  }
  return found;
}

function referenceOf(element: ProcessModel['elements'][string]): { what: 'decision' | 'form'; id: string; binding: ResourceBinding } | null {
  if ('calledDecision' in element && element.calledDecision) {
    return { what: 'decision', id: element.calledDecision.decisionId, binding: element.calledDecision.binding };
  }
  if (element.kind === 'userTask' && element.form?.kind === 'formId') {
    return { what: 'form', id: element.form.formId, binding: element.form.binding ?? { bindingType: 'latest' } };
  }
  return null;
}

function matchesTag(binding: ResourceBinding, versionTag: string | null): boolean {
  return binding.bindingType !== 'versionTag' || binding.versionTag === versionTag;
}

/** bindingType="deployment" references learn the id of the deployment that stores them. */
function bindToDeployment(model: ProcessModel, deploymentId: string): void {
  for (const element of Object.values(model.elements)) {
    if ('calledDecision' in element && element.calledDecision?.binding.bindingType === 'deployment') {
      element.calledDecision.binding = { bindingType: 'deployment', deploymentId };
      element.job.headers = { ...element.job.headers, ...decisionHeaders(element.calledDecision) };
    }
    if (element.kind === 'userTask' && element.form?.kind === 'formId' && element.form.binding?.bindingType === 'deployment') {
      element.form.binding = { bindingType: 'deployment', deploymentId };
    }
  }
}

function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}
