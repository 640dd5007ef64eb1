import type { OutlineNode } from '../read/context.js';
import type { ProcessModel } from '../model.js';
import type { ProblemReport } from '../problems.js';

/**
 * A structural rule over one read process. `outline` lists every flow node as written,
 * including those already rejected, so that rules can stay quiet about consequences of
 * a problem reported elsewhere.
 */
export type ProcessRule = (process: ProcessModel, outline: ReadonlyMap<string, OutlineNode>, report: ProblemReport) => void;
