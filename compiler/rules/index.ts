import { checkFlowReferences } from './flow-references.js';
import { checkGateways } from './gateways.js';
import { checkImplicitEnds } from './implicit-end.js';
import type { ProcessRule } from './process-rule.js';
import { checkReachability } from './reachability.js';
import { checkStartEvents } from './start-events.js';
import { checkUnappliedMappings } from './unapplied-mappings.js';

/** Structural rules, in the order their problems read best. */
export const PROCESS_RULES: readonly ProcessRule[] = [
  checkStartEvents,
  checkFlowReferences,
  checkGateways,
  checkReachability,
  checkImplicitEnds,
  checkUnappliedMappings,
];
