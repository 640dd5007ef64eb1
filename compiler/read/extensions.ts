/**
 * Camunda 8 extensions that several element kinds share: `zeebe:ioMapping`,
 * `zeebe:taskDefinition` + `zeebe:taskHeaders` (jobs) and multi-instance
 * (BPMN 2.0 §10.3.7 with `zeebe:loopCharacteristics`).
 */
import { readExpression, readFeelSource } from '../expressions.js';
import type { IoMapping, JobDefinition, MultiInstance, VariableMapping } from '../model.js';
import { child, children, extension, localType, text, trimmedText, type ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';

/** Camunda 8's default when `retries` is not written. */
export const DEFAULT_RETRIES = 3;

export function readIoMapping(node: ModdleNode, elementId: string, report: ProblemReport): IoMapping {
  const mapping = extension(node, 'zeebe:IoMapping');
  if (!mapping) return { inputs: [], outputs: [] };
  const read = (parameter: ModdleNode, direction: string): VariableMapping | null => {
    const target = trimmedText(parameter, 'target');
    if (!target) {
      report.error(elementId, `An ${direction} mapping has no target variable name.`);
      return null;
    }
    const what = `${direction} mapping for "${target}"`;
    const source = readExpression(text(parameter, 'source'), { elementId, what }, report);
    // Camunda 8 maps an empty source to null; keep that as the FEEL literal `null`.
    return { source: source ?? { kind: 'feel', source: 'null' }, target };
  };
  const inputs = children(mapping, 'inputParameters').map((p) => read(p, 'input'));
  const outputs = children(mapping, 'outputParameters').map((p) => read(p, 'output'));
  return {
    inputs: inputs.filter((m): m is VariableMapping => m !== null),
    outputs: outputs.filter((m): m is VariableMapping => m !== null),
  };
}

/**
 * The job of a service/send/business-rule task (or message end event). Returns null
 * when there is no `zeebe:taskDefinition` at all so that callers word the problem.
 */
export function readJob(node: ModdleNode, elementId: string, report: ProblemReport): JobDefinition | null {
  const definition = extension(node, 'zeebe:TaskDefinition');
  return definition ? jobOf(definition, extension(node, 'zeebe:TaskHeaders'), elementId, report) : null;
}

/**
 * A job from the `type` and `retries` attributes of `definition` (a task definition or an
 * execution listener) and its headers; null without a type.
 */
export function jobOf(definition: ModdleNode, headerList: ModdleNode | null, elementId: string, report: ProblemReport): JobDefinition | null {
  const taskType = trimmedText(definition, 'type');
  if (!taskType) return null;
  const typeExpression = readExpression(taskType, { elementId, what: 'task type' }, report);
  const headers: Record<string, string> = {};
  for (const header of headerList ? children(headerList, 'values') : []) {
    const key = trimmedText(header, 'key');
    if (key) headers[key] = text(header, 'value') ?? '';
  }
  const job: JobDefinition = { taskType, retries: DEFAULT_RETRIES, headers };
  if (typeExpression?.kind === 'feel') job.taskTypeExpression = typeExpression.source;
  const retries = trimmedText(definition, 'retries');
  if (retries?.startsWith('=')) {
    const retriesExpression = readExpression(retries, { elementId, what: 'retries' }, report);
    if (retriesExpression?.kind === 'feel') job.retriesExpression = retriesExpression.source;
  } else if (retries !== null) {
    if (/^\d+$/.test(retries)) job.retries = Number(retries);
    else report.error(elementId, `Retries "${retries}" must be a whole number or FEEL (=…).`);
  }
  return job;
}

/** `bpmn:multiInstanceLoopCharacteristics` + `zeebe:loopCharacteristics`. */
export function readMultiInstance(node: ModdleNode, elementId: string, report: ProblemReport): MultiInstance | null {
  const loop = child(node, 'loopCharacteristics');
  if (!loop) return null;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    report.error(elementId, `${localType(loop)} (a standard loop) is not supported; use multi-instance.`);
    return null;
  }
  if (child(loop, 'loopCardinality')) {
    report.error(elementId, 'Multi-instance loop cardinality is not supported; use an input collection.');
  }
  const zeebeLoop = extension(loop, 'zeebe:LoopCharacteristics');
  const site = (what: string) => ({ elementId, what: `multi-instance ${what}` });
  const inputCollection = readFeelSource(zeebeLoop && text(zeebeLoop, 'inputCollection'), site('input collection'), report);
  if (!inputCollection) {
    report.error(elementId, 'Multi-instance has no input collection (zeebe:loopCharacteristics inputCollection).');
  }
  const completion = child(loop, 'completionCondition');
  return {
    isSequential: loop.isSequential === true,
    inputCollection: inputCollection ?? '',
    inputElement: zeebeLoop && trimmedText(zeebeLoop, 'inputElement'),
    outputCollection: zeebeLoop && trimmedText(zeebeLoop, 'outputCollection'),
    outputElement: readFeelSource(zeebeLoop && text(zeebeLoop, 'outputElement'), site('output element'), report),
    completionCondition: readFeelSource(completion && text(completion, 'body'), site('completion condition'), report),
  };
}
