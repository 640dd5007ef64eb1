import { extension, extensions, is, list, textOf, type LintRule } from '../moddle.js';

/** Call activities, multi-instance, mappings (compiler/read/containers.ts, extensions.ts). */
export default function containers(): LintRule {
  return {
    check(node, reporter) {
      if (node.$type === 'bpmn:CallActivity' && !textOf(extension(node, 'zeebe:CalledElement'), 'processId')) {
        reporter.report(node.id, 'The call activity names no process to call (zeebe:calledElement processId).');
      }
      const loop = node.loopCharacteristics as { $type: string; loopCardinality?: unknown } | undefined;
      if (loop?.$type === 'bpmn:StandardLoopCharacteristics') reporter.report(node.id, 'StandardLoopCharacteristics (a standard loop) is not supported; use multi-instance.');
      if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
        if (loop.loopCardinality) reporter.report(node.id, 'Multi-instance loop cardinality is not supported; use an input collection.');
        else if (!textOf(extension(loop as never, 'zeebe:LoopCharacteristics'), 'inputCollection')) reporter.report(node.id, 'Multi-instance has no input collection (zeebe:loopCharacteristics inputCollection).');
      }
      if (!is(node, 'bpmn:FlowNode')) return;
      for (const mapping of extensions(node).filter((value) => value.$type === 'zeebe:IoMapping')) {
        for (const [property, direction] of [['inputParameters', 'input'], ['outputParameters', 'output']] as const) {
          if (list(mapping, property).some((parameter) => !textOf(parameter, 'target'))) reporter.report(node.id, `An ${direction} mapping has no target variable name.`);
        }
      }
    },
  };
}
