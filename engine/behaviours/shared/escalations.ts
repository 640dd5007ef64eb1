import type { TokenContext } from '../types.js';

/**
 * BPMN 2.0 §10.5.4 throwing an escalation (intermediate throw and end events): the
 * nearest catch around it in this instance (flow-scope.ts); in a called process, one
 * nothing catches goes on to the call activity. True when the catch interrupted the
 * thrower's scope; otherwise the token goes on (Camunda 8: uncaught is no incident).
 */
export async function throwEscalation(escalationCode: string, token: TokenContext): Promise<boolean> {
  const { instance, flowScope } = token;
  const outcome = flowScope.escalate(escalationCode);
  if (outcome === 'uncaught' && instance.isCalledProcess) {
    // Awaited, so the caller hears it before this process can complete.
    await instance.ports.escalateToCaller(escalationCode, instance.ports.createScope(flowScope.cancellation));
  }
  return outcome === 'interrupted';
}
