/**
 * Gateway readers (BPMN 2.0 §13.3): exclusive, inclusive, parallel, event-based.
 * Rules that look at a gateway's flows live in rules/gateways.ts.
 */
import type { ConditionalGatewayElement, EventBasedGatewayElement, ParallelGatewayElement } from '../model.js';
import { child, text } from '../moddle-node.js';
import type { ElementReader } from './context.js';

export const readConditionalGateway: ElementReader = (node, base) => {
  const kind = node.$type === 'bpmn:InclusiveGateway' ? 'inclusiveGateway' : 'exclusiveGateway';
  const defaultFlow = child(node, 'default');
  const defaultFlowId = defaultFlow ? text(defaultFlow, 'id') : null;
  return { ...base, kind, defaultFlowId } satisfies ConditionalGatewayElement;
};

export const readParallelGateway: ElementReader = (_node, base) => {
  return { ...base, kind: 'parallelGateway' } satisfies ParallelGatewayElement;
};

export const readEventBasedGateway: ElementReader = (node, base, context) => {
  // An instantiating event-based gateway starts the process; Camunda 8 has no such thing.
  if (node.instantiate === true) {
    context.report.error(base.id, 'An event-based gateway that starts the process (instantiate) is not supported.');
    return null;
  }
  return { ...base, kind: 'eventBasedGateway' } satisfies EventBasedGatewayElement;
};
