/**
 * Reads one `bpmn:process` (BPMN 2.0 §10.2) into a ProcessModel: every flow node and
 * sequence flow at any depth, with incoming/outgoing lists and boundary events linked
 * to their hosts. Element-level problems are reported by the element readers; the
 * structural rules (rules/) run afterwards on the result and the outline.
 */
import { readFeelSource } from '../expressions.js';
import { MODEL_FORMAT_VERSION, type ProcessModel, type SequenceFlow } from '../model.js';
import { child, children, extension, extensions, localType, text, trimmedText, type ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';
import type { OutlineNode, ReadContext } from './context.js';
import { readExecutionListeners } from './execution-listeners.js';
import { readIoMapping } from './extensions.js';
import { warnAboutInboundConnector } from './inbound-connectors.js';
import { readLaneGroups } from './lanes.js';
import { eventSubProcessesOf, linkLinkEvents } from './links.js';
import { ELEMENT_READERS, IGNORED_TYPES, UNSUPPORTED_EXTENSIONS, UNSUPPORTED_HINTS } from './registry.js';

export interface ReadProcessResult {
  model: ProcessModel;
  outline: ReadonlyMap<string, OutlineNode>;
}

export function readProcess(process: ModdleNode, processId: string, report: ProblemReport): ReadProcessResult {
  const context: ReadContext = {
    report,
    processId,
    elements: {},
    flows: {},
    outline: new Map(),
    laneGroups: readLaneGroups(process),
    embeddedForms: readEmbeddedForms(process),
    readContainer: (container, containerId) => readContainer(container, containerId, context),
  };
  const topLevelIds = readContainer(process, processId, context);
  linkFlows(context);
  linkBoundaryEvents(context);
  linkLinkEvents(context);
  const model: ProcessModel = {
    formatVersion: MODEL_FORMAT_VERSION,
    id: processId,
    name: trimmedText(process, 'name'),
    isExecutable: process.isExecutable === true,
    elements: context.elements,
    flows: context.flows,
    startEventIds: topLevelIds.filter((id) => context.elements[id]?.kind === 'startEvent'),
  };
  const versionTagElement = extension(process, 'zeebe:VersionTag');
  const versionTag = versionTagElement && trimmedText(versionTagElement, 'value');
  if (versionTag) model.versionTag = versionTag;
  const eventSubProcessIds = eventSubProcessesOf(topLevelIds, context);
  if (eventSubProcessIds.length > 0) model.eventSubProcessIds = eventSubProcessIds;
  const listeners = readExecutionListeners(process, processId, 'process', report);
  if (listeners.length > 0) model.executionListeners = listeners;
  return { model, outline: context.outline };
}

function readContainer(container: ModdleNode, containerId: string, context: ReadContext, skip?: (node: ModdleNode) => boolean): string[] {
  const { report } = context;
  const childIds: string[] = [];
  for (const node of children(container, 'flowElements')) {
    if (skip?.(node)) continue;
    const id = text(node, 'id');
    if (!id) {
      report.error(containerId, `A ${localType(node)} inside "${containerId}" has no id; every element needs one.`);
      continue;
    }
    if (node.$type === 'bpmn:SequenceFlow') {
      context.flows[id] = readFlow(node, id, context);
      continue;
    }
    if (IGNORED_TYPES.has(node.$type)) continue;
    const host = child(node, 'attachedToRef');
    context.outline.set(id, {
      bpmnType: node.$type,
      parentId: containerId,
      attachedToRef: host && text(host, 'id'),
      ...(node.triggeredByEvent === true ? { triggeredByEvent: true } : {}),
    });
    const reader = ELEMENT_READERS[node.$type];
    if (!reader) {
      const hint = UNSUPPORTED_HINTS[node.$type];
      report.error(id, `${localType(node)} is not supported by this engine${hint ? `: ${hint}` : ''}.`);
      reportInsideRejected(node, id, context);
      continue;
    }
    for (const value of extensions(node)) {
      const feature = UNSUPPORTED_EXTENSIONS[value.$type];
      if (feature) report.error(id, `Camunda ${feature} (${value.$type}) are not supported by this engine.`);
    }
    const base = {
      id,
      name: trimmedText(node, 'name'),
      parentId: containerId,
      incoming: [],
      outgoing: [],
      ioMapping: readIoMapping(node, id, report),
    };
    const element = reader(node, base, context);
    warnAboutInboundConnector(node, id, report);
    if (!element) {
      reportInsideRejected(node, id, context);
      continue;
    }
    const listeners = readExecutionListeners(node, id, element, report);
    if (listeners.length > 0) element.executionListeners = listeners;
    context.elements[id] = element;
    childIds.push(id);
  }
  return childIds;
}

/**
 * The contents of a rejected container (an unsupported or invalid sub-process) are read
 * too, so that their own problems are reported in the same round, but into a scratch
 * model: nothing of a rejected element reaches the process model or the structural rules.
 */
function reportInsideRejected(node: ModdleNode, id: string, context: ReadContext): void {
  if (children(node, 'flowElements').length === 0) return;
  if (children(node, 'flowElements').some((inner) => context.outline.has(text(inner, 'id') ?? ''))) return; // already read
  const scratch: ReadContext = {
    ...context,
    elements: {},
    flows: {},
    outline: new Map(),
    readContainer: (container, containerId) => readContainer(container, containerId, scratch),
  };
  // An event sub-process starts by its event: its start event obeys other rules than an embedded one's.
  const eventStart = (inner: ModdleNode) => node.triggeredByEvent === true && inner.$type === 'bpmn:StartEvent';
  readContainer(node, id, scratch, eventStart);
}

function readFlow(node: ModdleNode, id: string, context: ReadContext): SequenceFlow {
  const source = child(node, 'sourceRef');
  const target = child(node, 'targetRef');
  const condition = child(node, 'conditionExpression');
  return {
    id,
    name: trimmedText(node, 'name'),
    sourceRef: (source && text(source, 'id')) ?? '',
    targetRef: (target && text(target, 'id')) ?? '',
    condition: readFeelSource(condition && text(condition, 'body'), { elementId: id, what: 'condition' }, context.report),
  };
}

/** Incoming/outgoing come from the flows themselves, which the modeler keeps authoritative. */
function linkFlows(context: ReadContext): void {
  for (const flow of Object.values(context.flows)) {
    context.elements[flow.sourceRef]?.outgoing.push(flow.id);
    context.elements[flow.targetRef]?.incoming.push(flow.id);
  }
}

function linkBoundaryEvents(context: ReadContext): void {
  for (const element of Object.values(context.elements)) {
    if (element.kind !== 'boundaryEvent') continue;
    const host = context.elements[element.attachedToRef];
    if (host && 'boundaryEventIds' in host) host.boundaryEventIds.push(element.id);
  }
}

function readEmbeddedForms(process: ModdleNode): Map<string, string> {
  const forms = new Map<string, string>();
  for (const form of extensions(process)) {
    const id = text(form, 'id');
    if (form.$type === 'zeebe:UserTaskForm' && id) forms.set(id, text(form, 'body') ?? '');
  }
  return forms;
}
