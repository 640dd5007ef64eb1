import type { ProcessModel } from '../compiler/model.js';
import type { EngineCheckpoint } from '../engine/instance.js';
import type { DeliverMessageInput } from './messages.js';

/** The workflow argument: the whole compiled program, as in Temporal's DSL sample. */
export interface ProcessStart {
  processKey: string;
  version: number;
  businessKey: string | null;
  model: ProcessModel;
  variables: Record<string, unknown>;
  /** The message or timer start event that fired; default the none start event. */
  startEventId?: string | null;
  /** Set for a process started by a call activity: uncaught BPMN errors go to the caller. */
  isCalledProcess?: boolean;
  /** Set by continue-as-new: where the previous run stopped, with its state. */
  checkpoint?: EngineCheckpoint | null;
  /** Messages received and not yet correlated, carried over continue-as-new. */
  pendingMessages?: DeliverMessageInput[];
}

/** The start of a new instance of one deployed version: its model travels with it. */
export function processStartOf(
  definition: { key: string; version: number; model: ProcessModel },
  request: { businessKey: string | null; variables: Record<string, unknown>; startEventId?: string | null },
): ProcessStart {
  return {
    processKey: definition.key,
    version: definition.version,
    businessKey: request.businessKey,
    model: definition.model,
    variables: request.variables,
    startEventId: request.startEventId ?? null,
  };
}

/** Workflow ids are the instance ids users see; one per process instance. */
export const PROCESS_WORKFLOW = 'runProcess';
