import type { ProcessModel } from '../compiler/model.js';

/** The workflow argument: the whole compiled program, as in Temporal's DSL sample. */
export interface ProcessStart {
  processKey: string;
  version: number;
  businessKey: string | null;
  model: ProcessModel;
  variables: Record<string, unknown>;
}

/** Workflow ids are the instance ids users see; one per process instance. */
export const PROCESS_WORKFLOW = 'runProcess';
