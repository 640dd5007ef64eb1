import type { FormSchema } from './contract.js';

const ZEEBE = 'http://camunda.org/schema/zeebe/1.0';
const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/**
 * The form of a process's none start event, as Camunda Modeler writes it: a
 * `zeebe:formDefinition formKey="camunda-forms:bpmn:<id>"` pointing at a
 * `zeebe:userTaskForm` of the process, or the form JSON embedded directly.
 */
export function startFormOf(xml: string, processKey: string): FormSchema | null {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const processes = Array.from(doc.getElementsByTagNameNS(BPMN, 'process'));
  const process = processes.find((candidate) => candidate.getAttribute('id') === processKey) ?? processes[0];
  if (!process) return null;
  const start = Array.from(process.children).find(
    (child) => child.localName === 'startEvent' && child.namespaceURI === BPMN && !Array.from(child.children).some((c) => c.localName.endsWith('EventDefinition')),
  );
  const definition = start?.getElementsByTagNameNS(ZEEBE, 'formDefinition')[0];
  const formKey = definition?.getAttribute('formKey') ?? definition?.getAttribute('formId');
  if (!formKey) return null;
  const formId = formKey.replace(/^camunda-forms:bpmn:/, '');
  const embedded = Array.from(process.getElementsByTagNameNS(ZEEBE, 'userTaskForm')).find((form) => form.getAttribute('id') === formId);
  if (!embedded?.textContent) return null;
  try {
    const schema = JSON.parse(embedded.textContent) as FormSchema;
    return Array.isArray(schema.components) ? schema : null;
  } catch {
    return null;
  }
}

/**
 * The variables a process says its none start event needs, from the
 * `zeebe:property name="startVariables"` the shipped processes declare (comma-separated),
 * so the generated start form can offer them by name.
 */
export function startVariablesOf(xml: string, processKey: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const processes = Array.from(doc.getElementsByTagNameNS(BPMN, 'process'));
  const process = processes.find((candidate) => candidate.getAttribute('id') === processKey) ?? processes[0];
  const start = process && Array.from(process.children).find((child) => child.localName === 'startEvent' && child.namespaceURI === BPMN);
  const property = start && Array.from(start.getElementsByTagNameNS(ZEEBE, 'property')).find((candidate) => candidate.getAttribute('name') === 'startVariables');
  return (property?.getAttribute('value') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}
