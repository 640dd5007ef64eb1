/**
 * What every activity shares (BPMN 2.0 §10.3.1): boundary events (filled in once all
 * elements are read) and multi-instance characteristics.
 */
import type { MultiInstance } from '../model.js';
import type { ModdleNode } from '../moddle-node.js';
import type { ElementBaseFields, ReadContext } from './context.js';
import { readMultiInstance } from './extensions.js';

export interface ActivityFields extends ElementBaseFields {
  boundaryEventIds: string[];
  multiInstance: MultiInstance | null;
}

export function activityFields(node: ModdleNode, base: ElementBaseFields, context: ReadContext): ActivityFields {
  if (node.isForCompensation === true) {
    context.report.error(base.id, 'Compensation activities are not supported.');
  }
  return { ...base, boundaryEventIds: [], multiInstance: readMultiInstance(node, base.id, context.report) };
}
