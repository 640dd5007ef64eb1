/**
 * Gateway semantics (BPMN 2.0 §13.3). Conditions are evaluated only on flows leaving
 * an exclusive or inclusive gateway; there every outgoing flow but the default needs
 * one (Camunda 8 requires it). An exclusive gateway whose conditions may all be false
 * and that has no default gets stuck: warned, since the designer may know better.
 * Event-based gateways lead straight to message or timer catch events (§13.3.5).
 */
import type { ConditionalGatewayElement, FlowElement, ProcessModel } from '../model.js';
import type { ProblemReport } from '../problems.js';
import type { ProcessRule } from './process-rule.js';

export const checkGateways: ProcessRule = (process, _outline, report) => {
  for (const flow of Object.values(process.flows)) {
    const source = process.elements[flow.sourceRef];
    const evaluates = source?.kind === 'exclusiveGateway' || source?.kind === 'inclusiveGateway';
    if (flow.condition !== null && source && !evaluates) {
      report.error(flow.id, 'Conditions are only evaluated on flows leaving an exclusive or inclusive gateway; remove it or add a gateway.');
    }
  }
  for (const element of Object.values(process.elements)) {
    if (element.kind === 'exclusiveGateway' || element.kind === 'inclusiveGateway') checkConditional(element, process, report);
    if (element.kind === 'eventBasedGateway') checkEventBased(element, process, report);
  }
};

function checkConditional(gateway: ConditionalGatewayElement, process: ProcessModel, report: ProblemReport): void {
  if (gateway.defaultFlowId !== null && !gateway.outgoing.includes(gateway.defaultFlowId)) {
    report.error(gateway.id, `The default flow "${gateway.defaultFlowId}" does not leave this gateway.`);
  }
  if (gateway.outgoing.length < 2) return;
  let conditional = 0;
  for (const flowId of gateway.outgoing) {
    const flow = process.flows[flowId];
    if (!flow) continue;
    if (flow.condition !== null) conditional += 1;
    else if (flowId !== gateway.defaultFlowId) {
      report.error(flowId, `The flow leaves gateway "${gateway.id}" without a condition and is not its default flow; add a condition or make it the default.`);
    }
  }
  if (gateway.kind === 'exclusiveGateway' && conditional > 0 && gateway.defaultFlowId === null) {
    report.warning(gateway.id, 'The gateway has no default flow: if no condition is true, the instance stops here with an incident.');
  }
}

function checkEventBased(gateway: FlowElement, process: ProcessModel, report: ProblemReport): void {
  if (gateway.outgoing.length < 2) {
    report.error(gateway.id, 'An event-based gateway needs at least two outgoing flows, each to a message or timer catch event.');
  }
  for (const flowId of gateway.outgoing) {
    const target = process.elements[process.flows[flowId]?.targetRef ?? ''];
    if (!target) continue;
    if (target.kind !== 'intermediateCatchEvent') {
      report.error(flowId, `An event-based gateway must lead to message or timer catch events, not to "${target.id}".`);
    } else if (target.event.type === 'link') {
      report.error(target.id, `A link catch event cannot follow event-based gateway "${gateway.id}": it waits for nothing.`);
    } else if (target.incoming.length > 1) {
      report.error(target.id, `The event after event-based gateway "${gateway.id}" may have no other incoming flow.`);
    }
  }
}
