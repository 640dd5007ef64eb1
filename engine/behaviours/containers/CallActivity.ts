import type { CallActivityElement } from '../../../compiler/model.js';
import { JobFailure, type Variables } from '../../ports.js';
import { toJson } from '../../feel.js';
import type { ActivityBehaviour } from '../types.js';

/**
 * BPMN 2.0 §10.3.6 call activity: runs another process as a child (Camunda 8
 * `zeebe:calledElement`): its latest version, the one deployed with the caller
 * (`bindingType="deployment"`) or the latest with a version tag (`bindingType="versionTag"`). Parent variables go in (all, or only the
 * input mappings); child variables come back (all, or only through output mappings).
 * A BPMN error the child does not catch surfaces here, for an error boundary event; so
 * does an escalation, for an escalation boundary event (an interrupting one cancels the
 * child); a child that cannot run opens an incident.
 */
export const CallActivity: ActivityBehaviour<CallActivityElement> = {
  role: 'activity',
  async execute(element, context) {
    const { instance, variables } = context;
    const processKey = String(instance.expression(element.id, element.calledProcessId, variables) ?? '');
    const input = element.propagateAllParentVariables ? variables.visible() : variables.ownVariables();
    for (;;) {
      try {
        const result = await instance.ports.startChildProcess(
          {
            elementId: element.id,
            loopCounter: context.executionCounter,
            processKey,
            variables: toJson(input) as Variables,
            ...(element.bindingType ? { bindingType: element.bindingType } : {}),
            ...(element.versionTag !== undefined ? { versionTag: element.versionTag } : {}),
          },
          context.cancellation,
          (code) => {
            context.catchEscalation?.(code);
          },
        );
        return { variables: result, localOnly: !element.propagateAllChildVariables };
      } catch (error) {
        // The child could not run (not deployed, failed): an incident; a retry calls it again.
        if (!(error instanceof JobFailure)) throw error;
        await instance.incident(element.id, error.message, context.cancellation);
      }
    }
  },
};
