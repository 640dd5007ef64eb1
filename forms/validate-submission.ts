/**
 * Checks completion variables against a form-js schema (the form a user task carries), on
 * the server, so that a task cannot be completed with what its form would refuse. Covers
 * the form-js field types and `validate` rules the shipped forms and Camunda Modeler use.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

interface FormComponent {
  key?: string;
  /** A dynamic list's variable: a list of objects with its children's keys. */
  path?: string;
  type?: string;
  label?: string;
  components?: FormComponent[];
  values?: Array<{ value: unknown }>;
  validate?: { required?: boolean; min?: number; max?: number; minLength?: number; maxLength?: number; pattern?: string };
}

const textTypes = new Set(['textfield', 'textarea', 'datetime']);
const choiceTypes = new Set(['select', 'radio']);

/** Every field the form has a key for, through groups and other containers (not into dynamic lists). */
function fieldsOf(components: FormComponent[] | undefined): FormComponent[] {
  return (components ?? []).flatMap((component) => {
    if (component.type === 'dynamiclist') return component.path ? [component] : [];
    return [...(component.key && component.type !== 'group' ? [component] : []), ...fieldsOf(component.components)];
  });
}

/** A dynamic list: a list of rows, each checked against the list's own fields. */
function listProblems(list: FormComponent, value: unknown): FieldProblem[] {
  const name = list.label ?? list.path!;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [{ field: list.path!, message: `${name} must be a list` }];
  return value.flatMap((row, index) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return [{ field: `${list.path}.${index}`, message: `${name} row ${index + 1} must be an object` }];
    return fieldsOf(list.components).flatMap((field) => {
      const message = problemOf(field, (row as Record<string, unknown>)[field.key!]);
      return message ? [{ field: `${list.path}.${index}.${field.key}`, message: `${name} row ${index + 1}: ${field.label ?? field.key} ${message}` }] : [];
    });
  });
}

function problemOf(field: FormComponent, value: unknown): string | undefined {
  const rules = field.validate ?? {};
  const missing = value === undefined || value === null || value === '';
  if (missing) return rules.required ? 'is required' : undefined;
  if (field.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    if (rules.min !== undefined && value < rules.min) return `must be at least ${rules.min}`;
    if (rules.max !== undefined && value > rules.max) return `must be at most ${rules.max}`;
  } else if (field.type === 'checkbox') {
    if (typeof value !== 'boolean') return 'must be true or false';
    if (rules.required && value !== true) return 'must be checked';
  } else if (field.type && textTypes.has(field.type)) {
    if (typeof value !== 'string') return 'must be text';
    if (rules.minLength !== undefined && value.length < rules.minLength) return `must have at least ${rules.minLength} characters`;
    if (rules.maxLength !== undefined && value.length > rules.maxLength) return `must have at most ${rules.maxLength} characters`;
    if (rules.pattern !== undefined && !new RegExp(rules.pattern).test(value)) return `must match ${rules.pattern}`;
  } else if (field.type && choiceTypes.has(field.type) && field.values) {
    if (!field.values.some((option) => option.value === value)) return 'is not one of the options';
  }
  return undefined;
}

/** All problems at once, each naming its field; empty when the variables fit the form. */
export function validateSubmission(form: unknown, variables: Record<string, unknown>): FieldProblem[] {
  if (!form || typeof form !== 'object' || !Array.isArray((form as FormComponent).components)) return [];
  return fieldsOf((form as FormComponent).components).flatMap((field) => {
    if (field.type === 'dynamiclist') return listProblems(field, variables[field.path!]);
    const message = problemOf(field, variables[field.key!]);
    return message ? [{ field: field.key!, message: `${field.label ?? field.key} ${message}` }] : [];
  });
}
