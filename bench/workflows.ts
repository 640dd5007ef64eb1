// The throughput benchmark's workflow bundle: the interpreter and its hand-written reference,
// so that one worker with one set of settings runs both.
export { runProcess } from '../workflows/run-process.js';
export { handwrittenStraightThrough, handwrittenWithBookkeeping } from './handwritten-workflow.js';
