/**
 * Which BPMN element types the engine runs (CONTRACT §3), which it ignores because
 * they never execute, and why it rejects the rest. Anything not listed is rejected too:
 * the dialect is a whitelist.
 */
import type { ElementReader } from './context.js';
import { readCallActivity, readSubProcess } from './containers.js';
import {
  readBoundaryEvent,
  readEndEvent,
  readIntermediateCatchEvent,
  readIntermediateThrowEvent,
  readStartEvent,
} from './events.js';
import { readConditionalGateway, readEventBasedGateway, readParallelGateway } from './gateways.js';
import { readReceiveTask } from './receive-task.js';
import { readJobTask, readPlainTask, readScriptTask } from './tasks.js';
import { readUserTask } from './user-task.js';

export const ELEMENT_READERS: Readonly<Record<string, ElementReader>> = {
  'bpmn:StartEvent': readStartEvent,
  'bpmn:EndEvent': readEndEvent,
  'bpmn:IntermediateCatchEvent': readIntermediateCatchEvent,
  'bpmn:IntermediateThrowEvent': readIntermediateThrowEvent,
  'bpmn:BoundaryEvent': readBoundaryEvent,
  'bpmn:ServiceTask': readJobTask,
  'bpmn:SendTask': readJobTask,
  'bpmn:BusinessRuleTask': readJobTask,
  'bpmn:ScriptTask': readScriptTask,
  'bpmn:UserTask': readUserTask,
  'bpmn:Task': readPlainTask,
  // A manual task is done outside the system: like Camunda 8, pass straight through.
  'bpmn:ManualTask': readPlainTask,
  'bpmn:ExclusiveGateway': readConditionalGateway,
  'bpmn:InclusiveGateway': readConditionalGateway,
  'bpmn:ParallelGateway': readParallelGateway,
  'bpmn:EventBasedGateway': readEventBasedGateway,
  'bpmn:SubProcess': readSubProcess,
  'bpmn:CallActivity': readCallActivity,
  'bpmn:ReceiveTask': readReceiveTask,
};

/** Data and artifacts describe the process but never change how it runs. */
export const IGNORED_TYPES: ReadonlySet<string> = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

/** Hints for the rejections designers meet most. */
export const UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  'bpmn:ComplexGateway': 'use exclusive, inclusive or parallel gateways',
  'bpmn:Transaction': 'use an embedded sub-process with error boundary events',
  'bpmn:AdHocSubProcess': 'model the order explicitly in an embedded sub-process',
  'bpmn:CallChoreography': 'choreographies do not execute',
  'bpmn:ChoreographyTask': 'choreographies do not execute',
  'bpmn:SubChoreography': 'choreographies do not execute',
  'bpmn:ImplicitThrowEvent': 'use an end or intermediate event',
};

/**
 * Camunda 8 extensions that would change what runs if honoured; silently dropping
 * them would change the process, so they are rejected. Metadata such as
 * zeebe:properties is harmless and passes; zeebe:versionTag is read (ProcessModel.versionTag).
 */
export const UNSUPPORTED_EXTENSIONS: Readonly<Record<string, string>> = {
  'zeebe:TaskListeners': 'task listeners',
  'zeebe:AdHoc': 'ad-hoc activation',
};
