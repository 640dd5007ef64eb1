import type { FormComponent, FormSchema } from './contract.js';

const LABEL_WORDS = /([a-z0-9])([A-Z])/g;

/** "discountPercent" -> "Discount percent". */
export function labelOf(key: string): string {
  const words = key.replace(LABEL_WORDS, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A form-js schema for a task that has no form of its own: one field per simple variable
 * of the case (text, number, yes/no), filled in with its value, so the employee can
 * confirm or change them. Objects and lists are shown, not edited.
 */
export function generatedForm(variables: Record<string, unknown>): FormSchema {
  const components: FormComponent[] = [];
  for (const [key, value] of Object.entries(variables)) {
    const id = `Field_${key.replace(/[^A-Za-z0-9_]/g, '_')}`;
    if (typeof value === 'boolean') components.push({ id, key, type: 'checkbox', label: labelOf(key) });
    else if (typeof value === 'number') components.push({ id, key, type: 'number', label: labelOf(key) });
    else if (typeof value === 'string') components.push({ id, key, type: value.length > 80 ? 'textarea' : 'textfield', label: labelOf(key) });
  }
  if (!components.length) components.push({ id: 'Field_note', type: 'text', text: 'This step has no form: complete it once it is done.' });
  return { id: 'Form_generated', type: 'default', components, schemaVersion: 16 };
}

/** Every field of a schema with a key, through groups and other containers. */
export function fieldsOf(components: FormComponent[] | undefined): FormComponent[] {
  return (components ?? []).flatMap((component) => [...(component.key && component.type !== 'group' ? [component] : []), ...fieldsOf(component.components)]);
}
