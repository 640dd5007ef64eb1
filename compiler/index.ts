export { compileBpmn, type CompileOptions, type CompileResult } from './compile.js';
export type { ServiceTaskSignature, ServiceTaskSignatures } from './rules/deployment-rule.js';
export { MAX_BPMN_BYTES } from './parse-xml.js';
export type { Problem } from './problems.js';
export { feelSyntaxError } from './expressions.js';
export { parseCycle, parseDate, parseDuration } from './timers.js';
export * from './model.js';
