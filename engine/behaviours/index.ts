/**
 * The registry: which behaviour runs which BPMN element kind. One behaviour per kind,
 * one file per behaviour; Camunda 8's aliases (send and business rule tasks run as
 * service tasks) are spelled out here.
 */
import type { ElementKind } from '../../compiler/model.js';
import { CallActivity } from './containers/CallActivity.js';
import { SubProcess } from './containers/SubProcess.js';
import { BoundaryEvent } from './events/BoundaryEvent.js';
import { EndEvent } from './events/EndEvent.js';
import { IntermediateCatchEvent } from './events/IntermediateCatchEvent.js';
import { IntermediateThrowEvent } from './events/IntermediateThrowEvent.js';
import { MessageThrowEvent } from './events/MessageThrowEvent.js';
import { StartEvent } from './events/StartEvent.js';
import { EventBasedGateway } from './gateways/EventBasedGateway.js';
import { ExclusiveGateway } from './gateways/ExclusiveGateway.js';
import { InclusiveGateway } from './gateways/InclusiveGateway.js';
import { ParallelGateway } from './gateways/ParallelGateway.js';
import { ReceiveTask } from './tasks/ReceiveTask.js';
import { ScriptTask } from './tasks/ScriptTask.js';
import { ServiceTask } from './tasks/ServiceTask.js';
import { Task } from './tasks/Task.js';
import { UserTask } from './tasks/UserTask.js';
import type { Behaviour } from './types.js';

const behaviours: Record<ElementKind, Behaviour> = {
  startEvent: StartEvent as Behaviour,
  endEvent: EndEvent as Behaviour,
  intermediateCatchEvent: IntermediateCatchEvent as Behaviour,
  intermediateThrowEvent: IntermediateThrowEvent as Behaviour,
  messageThrowEvent: MessageThrowEvent as Behaviour,
  boundaryEvent: BoundaryEvent as Behaviour,
  serviceTask: ServiceTask as Behaviour,
  sendTask: ServiceTask as Behaviour,
  businessRuleTask: ServiceTask as Behaviour,
  scriptTask: ScriptTask as Behaviour,
  userTask: UserTask as Behaviour,
  task: Task as Behaviour,
  exclusiveGateway: ExclusiveGateway as Behaviour,
  parallelGateway: ParallelGateway as Behaviour,
  inclusiveGateway: InclusiveGateway as Behaviour,
  eventBasedGateway: EventBasedGateway as Behaviour,
  subProcess: SubProcess as Behaviour,
  callActivity: CallActivity as Behaviour,
  receiveTask: ReceiveTask as Behaviour,
};

export function behaviourFor(kind: ElementKind): Behaviour {
  return behaviours[kind];
}
