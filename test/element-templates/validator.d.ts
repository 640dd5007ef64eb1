// The validator ships no types; the one call the tests make.
declare module '@bpmn-io/element-templates-validator' {
  export function validateZeebe(template: unknown): { valid: boolean; errors?: unknown[] };
}
