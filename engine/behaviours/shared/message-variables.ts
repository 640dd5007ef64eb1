import type { FlowElement } from '../../../compiler/model.js';
import type { ProcessInstance } from '../../instance.js';
import type { Variables } from '../../ports.js';
import type { VariableScope } from '../../variables.js';

/**
 * What a caught message leaves in the process (Camunda 8): without output mappings every
 * message variable is merged; with `zeebe:ioMapping` outputs only the mapped targets are,
 * each evaluated with the message variables in view, so a payload's `amount` lands as
 * e.g. `paidAmount` and cannot overwrite a process variable of that name by accident.
 */
export function messageVariables(instance: ProcessInstance, element: FlowElement, received: Variables, scope: VariableScope): Variables {
  const { outputs } = element.ioMapping;
  if (outputs.length === 0) return received;
  const local = scope.child(received);
  const mapped: Variables = {};
  for (const output of outputs) mapped[output.target] = instance.expression(element.id, output.source, local);
  return mapped;
}
