import type { ServiceLocator } from './bpmn-services.js';
import type { ModdleElement } from './lint/moddle.js';

/** Camunda 8's key for a form embedded in the process (`zeebe:userTaskForm`). */
const EMBEDDED_FORM_KEY = 'camunda-forms:bpmn:';

interface Modeling {
  updateModdleProperties(element: unknown, moddleElement: ModdleElement, properties: Record<string, unknown>): void;
}
interface Moddle {
  create(type: string, properties?: Record<string, unknown>): ModdleElement;
}
type DiagramShape = { id: string; businessObject: ModdleElement };

const valuesOf = (node: ModdleElement | undefined) => ((node?.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? []);

function processOf(task: ModdleElement): ModdleElement | undefined {
  let node: ModdleElement | undefined = task;
  while (node && node.$type !== 'bpmn:Process') node = node.$parent;
  return node;
}

/** What the user task's form is: embedded (editable here), linked by id, or none yet. */
export function readTaskForm(task: DiagramShape): { kind: 'embedded' | 'none'; schema: Record<string, unknown> | null } | { kind: 'linked'; formId: string } {
  const definition = valuesOf(task.businessObject).find((value) => value.$type === 'zeebe:FormDefinition');
  const formId = typeof definition?.formId === 'string' ? definition.formId : '';
  if (formId) return { kind: 'linked', formId };
  const formKey = typeof definition?.formKey === 'string' ? definition.formKey : '';
  if (!formKey.startsWith(EMBEDDED_FORM_KEY)) return { kind: 'none', schema: null };
  const body = valuesOf(processOf(task.businessObject)).find((value) => value.$type === 'zeebe:UserTaskForm' && value.id === formKey.slice(EMBEDDED_FORM_KEY.length))?.body;
  try {
    return { kind: 'embedded', schema: typeof body === 'string' ? (JSON.parse(body) as Record<string, unknown>) : null };
  } catch {
    return { kind: 'embedded', schema: null };
  }
}

/** A blank form as Camunda Modeler starts one. */
export function blankForm(taskId: string): Record<string, unknown> {
  return { components: [], type: 'default', id: `Form_${taskId}`, executionPlatform: 'Camunda Cloud', executionPlatformVersion: '8.6.0', schemaVersion: 16 };
}

/**
 * Writes the form into the process as `zeebe:userTaskForm` and points the user task's
 * `zeebe:formDefinition formKey` at it, as Camunda Modeler does; each step is one
 * command, so Undo takes it back.
 */
export function writeTaskForm(modeler: ServiceLocator, task: DiagramShape, schema: Record<string, unknown>): void {
  const modeling = modeler.get<Modeling>('modeling');
  const moddle = modeler.get<Moddle>('moddle');
  const process = processOf(task.businessObject);
  if (!process) throw new Error('The user task is not inside a process');
  const existing = readTaskForm(task);
  const definition = valuesOf(task.businessObject).find((value) => value.$type === 'zeebe:FormDefinition');
  const formKey = typeof definition?.formKey === 'string' && existing.kind === 'embedded' ? definition.formKey : `${EMBEDDED_FORM_KEY}UserTaskForm_${task.id}`;
  const formId = formKey.slice(EMBEDDED_FORM_KEY.length);
  const body = JSON.stringify(schema);

  const ensureExtensions = (owner: ModdleElement) => {
    let extensions = owner.extensionElements as ModdleElement | undefined;
    if (!extensions) {
      extensions = moddle.create('bpmn:ExtensionElements', { values: [] });
      modeling.updateModdleProperties(task, owner, { extensionElements: extensions });
    }
    return extensions;
  };

  const processExtensions = ensureExtensions(process);
  const form = valuesOf(process).find((value) => value.$type === 'zeebe:UserTaskForm' && value.id === formId);
  if (form) modeling.updateModdleProperties(task, form, { body });
  else modeling.updateModdleProperties(task, processExtensions, { values: [...valuesOf(process), moddle.create('zeebe:UserTaskForm', { id: formId, body })] });

  const taskExtensions = ensureExtensions(task.businessObject);
  // Only formKey: Camunda's form behaviours drop the embedded form when formId is touched.
  if (definition) {
    if (definition.formKey !== formKey) modeling.updateModdleProperties(task, definition, { formKey });
  }
  else modeling.updateModdleProperties(task, taskExtensions, { values: [...valuesOf(task.businessObject), moddle.create('zeebe:FormDefinition', { formKey })] });
}
