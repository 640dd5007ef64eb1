import type { JsonValue } from './model.js';

/**
 * The variables a form-js form submits: the key of every field, through groups; a
 * dynamic list submits its `path` (a list of its children's keys).
 */
export function formFieldKeys(schema: JsonValue): string[] {
  const keys: string[] = [];
  const walk = (components: JsonValue | undefined) => {
    if (!Array.isArray(components)) return;
    for (const component of components) {
      if (component === null || typeof component !== 'object' || Array.isArray(component)) continue;
      if (component.type === 'dynamiclist') {
        if (typeof component.path === 'string') keys.push(component.path);
        continue;
      }
      if (typeof component.key === 'string' && component.type !== 'group') keys.push(component.key);
      walk(component.components);
    }
  };
  if (schema !== null && typeof schema === 'object' && !Array.isArray(schema)) walk(schema.components);
  return [...new Set(keys)];
}
