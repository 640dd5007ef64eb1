import { extensions, is, localType, type LintRule } from '../moddle.js';

/** What compiler/read/registry.ts runs; anything else is refused at deployment. */
const SUPPORTED = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent', 'bpmn:BoundaryEvent',
  'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask', 'bpmn:UserTask', 'bpmn:Task', 'bpmn:ManualTask',
  'bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:EventBasedGateway',
  'bpmn:SubProcess', 'bpmn:CallActivity', 'bpmn:ReceiveTask', 'bpmn:SequenceFlow',
  // Data never executes.
  'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
]);

const HINTS: Record<string, string> = {
  'bpmn:ComplexGateway': 'use exclusive, inclusive or parallel gateways',
  'bpmn:Transaction': 'use an embedded sub-process with error boundary events',
  'bpmn:AdHocSubProcess': 'model the order explicitly in an embedded sub-process',
};

const UNSUPPORTED_EXTENSIONS: Record<string, string> = {
  'zeebe:TaskListeners': 'task listeners',
  'zeebe:AdHoc': 'ad-hoc activation',
};

/** Element types and Camunda extensions the engine does not run (CONTRACT §3). */
export default function supportedElements(): LintRule {
  return {
    check(node, reporter) {
      if (!is(node, 'bpmn:FlowElement')) return;
      if (!SUPPORTED.has(node.$type)) {
        const hint = HINTS[node.$type];
        reporter.report(node.id, `${localType(node)} is not supported by this engine${hint ? `: ${hint}` : ''}.`);
        return;
      }
      if (node.isForCompensation) reporter.report(node.id, 'Compensation activities are not supported.');
      for (const value of extensions(node)) {
        const feature = UNSUPPORTED_EXTENSIONS[value.$type];
        if (feature) reporter.report(node.id, `Camunda ${feature} (${value.$type}) are not supported by this engine.`);
      }
    },
  };
}
