// The interpreter's public surface: the workflow binding and tests use only these.
export { ProcessInstance } from './instance.js';
export type { EngineCheckpoint, EngineOutcome, InstanceOptions } from './instance.js';
export { BpmnErrorSignal, JobFailure } from './ports.js';
export type {
  CancellationHandle,
  ChildProcessRequest,
  EnginePorts,
  Incident,
  InstanceSnapshot,
  JobRequest,
  JobResult,
  MessageSubscription,
  SignalBroadcast,
  SignalSubscription,
  UserTaskCompletion,
  UserTaskRequest,
  Variables,
  Warning,
} from './ports.js';
