/**
 * State shared while one `bpmn:process` is read into a ProcessModel: the report,
 * what has been built so far, and lookups that several element readers need.
 */
import type { FlowElement, IoMapping, SequenceFlow } from '../model.js';
import type { ModdleNode } from '../moddle-node.js';
import type { ProblemReport } from '../problems.js';

/**
 * Every flow node as written, whether or not it made it into the model. Structural
 * rules walk this so that one rejected element does not make everything after it look
 * unreachable or every flow into it look dangling.
 */
export interface OutlineNode {
  /** `bpmn:UserTask`, `bpmn:ComplexGateway`… */
  bpmnType: string;
  parentId: string;
  /** Host activity id for boundary events. */
  attachedToRef: string | null;
  /** An event sub-process (entered by its start event's trigger, not by a flow). */
  triggeredByEvent?: boolean;
}

export interface ReadContext {
  report: ProblemReport;
  processId: string;
  elements: Record<string, FlowElement>;
  flows: Record<string, SequenceFlow>;
  outline: Map<string, OutlineNode>;
  /** Element id -> candidate group of its innermost lane. */
  laneGroups: ReadonlyMap<string, string>;
  /** `zeebe:userTaskForm` bodies declared on the process, by form id. */
  embeddedForms: ReadonlyMap<string, string>;
  /**
   * Read the flow elements of a container (the process or a sub-process) into
   * `elements`/`flows`; returns the ids of its direct child flow nodes.
   */
  readContainer(container: ModdleNode, containerId: string): string[];
}

/** Fields every element reader receives already filled in. */
export interface ElementBaseFields {
  id: string;
  name: string | null;
  parentId: string;
  incoming: string[];
  outgoing: string[];
  ioMapping: IoMapping;
}

/**
 * Build the model element for one BPMN flow node, reporting what is wrong with it.
 * Returns null when the node cannot be represented at all (already reported).
 */
export type ElementReader = (node: ModdleNode, base: ElementBaseFields, context: ReadContext) => FlowElement | null;
