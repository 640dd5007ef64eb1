import type { FlowElement, MultiInstance as MultiInstanceCharacteristics } from '../../../compiler/model.js';
import type { CancellationHandle, Variables } from '../../ports.js';
import type { VariableScope } from '../../variables.js';
import type { TokenContext } from '../types.js';

/** One inner instance: the activity once, in a local scope below `parent` holding `locals`; resolves with that scope. */
export type RunOnce = (locals: Variables, cancellation: CancellationHandle, parent: VariableScope) => Promise<VariableScope>;

/**
 * BPMN 2.0 §10.3.7 multi-instance (Camunda 8 `zeebe:loopCharacteristics`): the activity
 * runs once per item of `inputCollection`, one after the other or all at once, each
 * inner instance with `inputElement` and `loopCounter` (1-based) as local variables.
 * `outputElement` of each lands at its index in `outputCollection`; a
 * `completionCondition` that holds after an inner instance cancels the others.
 */
export async function runMultiInstance(
  element: FlowElement,
  loop: MultiInstanceCharacteristics,
  token: TokenContext,
  cancellation: CancellationHandle,
  runOnce: RunOnce,
): Promise<void> {
  const { instance, flowScope } = token;
  let items = instance.evaluate(element.id, loop.inputCollection, flowScope.variables);
  while (!Array.isArray(items)) {
    await instance.incident(element.id, `inputCollection '${loop.inputCollection}' is not a list: ${JSON.stringify(items)}`, cancellation);
    items = instance.evaluate(element.id, loop.inputCollection, flowScope.variables);
  }
  const collection: unknown[] = items;
  const body = flowScope.variables.child();
  const outputs: unknown[] = collection.map(() => null);
  if (loop.outputCollection) body.setLocal(loop.outputCollection, outputs);
  let completed = false;

  const runInner = async (index: number, handle: CancellationHandle): Promise<void> => {
    const locals: Variables = { loopCounter: index + 1 };
    if (loop.inputElement) locals[loop.inputElement] = collection[index];
    // Zeebe: an output element that names a variable gets a local of that name in each
    // inner instance, so parallel instances do not overwrite each other's result.
    const outputVariable = loop.outputElement && /^[A-Za-z_][A-Za-z0-9_]*$/.test(loop.outputElement.trim()) ? loop.outputElement.trim() : null;
    if (outputVariable && !(outputVariable in locals)) locals[outputVariable] = null;
    const scope = await runOnce(locals, handle, body);
    if (loop.outputElement) outputs[index] = instance.evaluate(element.id, loop.outputElement, scope);
    instance.complete(element.id);
    if (loop.completionCondition && instance.condition(element.id, loop.completionCondition, scope)) completed = true;
  };

  if (loop.isSequential) {
    for (let index = 0; index < collection.length && !completed; index += 1) await runInner(index, cancellation);
  } else {
    const handles = collection.map(() => instance.ports.createScope(cancellation));
    await new Promise<void>((resolve, reject) => {
      let pending = collection.length;
      if (pending === 0) resolve();
      handles.forEach((handle, index) => {
        void handle.run(() => runInner(index, handle)).then(
          () => {
            pending -= 1;
            if (completed) {
              for (const other of handles) other.cancel();
              resolve();
            } else if (pending === 0) resolve();
          },
          (error: unknown) => {
            if (completed) return; // cancelled by the completion condition
            for (const other of handles) other.cancel();
            reject(error);
          },
        );
      });
    });
  }
  if (loop.outputCollection) flowScope.variables.set(loop.outputCollection, [...outputs]);
}
