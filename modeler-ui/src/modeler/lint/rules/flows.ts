import { is, list, textOf, type LintRule, type ModdleElement } from '../moddle.js';

const CONDITIONAL_GATEWAYS = ['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway'];

/** Starts, ends, gateways and their flows (compiler/rules/*.ts). */
export default function flows(): LintRule {
  return {
    check(node, reporter) {
      if (is(node, 'bpmn:Process') || (node.$type === 'bpmn:SubProcess' && !node.triggeredByEvent)) {
        const starts = list(node, 'flowElements').filter((element) => element.$type === 'bpmn:StartEvent');
        if (!starts.length) reporter.report(node.id, is(node, 'bpmn:Process') ? 'The process has no start event.' : 'The sub-process has no start event; add a none start event inside it.');
        const noneStarts = starts.filter((start) => !list(start, 'eventDefinitions').length);
        for (const extra of noneStarts.slice(1)) reporter.report(extra.id, `"${node.id}" has more than one none start event ("${noneStarts[0]!.id}" and "${extra.id}"); keep one.`);
      }
      if (node.$type === 'bpmn:SequenceFlow') {
        const source = node.sourceRef as ModdleElement | undefined;
        if (!source || !node.targetRef) reporter.report(node.id, `The sequence flow has no ${source ? 'target' : 'source'}.`);
        if (textOf(node, 'conditionExpression') && source && !CONDITIONAL_GATEWAYS.includes(source.$type)) {
          reporter.report(node.id, 'Conditions are only evaluated on flows leaving an exclusive or inclusive gateway; remove it or add a gateway.');
        }
      }
      if (['bpmn:StartEvent', 'bpmn:BoundaryEvent'].includes(node.$type) && list(node, 'incoming').length) {
        reporter.report(node.id, `A ${node.$type === 'bpmn:StartEvent' ? 'start' : 'boundary'} event cannot have incoming sequence flows.`);
      }
      if (node.$type === 'bpmn:EndEvent' && list(node, 'outgoing').length) reporter.report(node.id, 'An end event cannot have outgoing sequence flows.');
      if (CONDITIONAL_GATEWAYS.includes(node.$type)) checkGateway(node, reporter);
      if (node.$type === 'bpmn:EventBasedGateway') {
        const outgoing = list(node, 'outgoing');
        if (outgoing.length < 2) reporter.report(node.id, 'An event-based gateway needs at least two outgoing flows, each to a message or timer catch event.');
        for (const flow of outgoing) {
          const target = flow.targetRef as ModdleElement | undefined;
          if (target && target.$type !== 'bpmn:IntermediateCatchEvent') reporter.report(flow.id, `An event-based gateway must lead to message or timer catch events, not to "${target.id}".`);
        }
      }
    },
  };
}

function checkGateway(gateway: ModdleElement, reporter: { report(id: string | undefined, message: string): void }) {
  const outgoing = list(gateway, 'outgoing');
  const defaultFlow = gateway.default as ModdleElement | undefined;
  if (defaultFlow && !outgoing.includes(defaultFlow)) reporter.report(gateway.id, `The default flow "${defaultFlow.id}" does not leave this gateway.`);
  if (outgoing.length < 2) return;
  for (const flow of outgoing) {
    if (flow !== defaultFlow && !textOf(flow, 'conditionExpression')) {
      reporter.report(flow.id, `The flow leaves gateway "${gateway.id}" without a condition and is not its default flow; add a condition or make it the default.`);
    }
  }
}

/** Separate so that it can be a warning: Deploy accepts it, the instance may stop there. */
export function gatewayDefault(): LintRule {
  return {
    check(node, reporter) {
      if (!CONDITIONAL_GATEWAYS.includes(node.$type) || node.default) return;
      if (list(node, 'outgoing').length >= 2) reporter.report(node.id, 'The gateway has no default flow: if no condition is true, the instance stops here with an incident.');
    },
  };
}
