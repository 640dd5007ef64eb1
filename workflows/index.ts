// The workflow bundle's entry: everything exported here is a workflow type.
export { runProcess } from './run-process.js';
