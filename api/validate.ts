import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import type { ZodType } from 'zod';
import { HttpProblem, issueProblems } from './problem.js';

/**
 * zod validation whose failures are 400 problem+json naming each field at fault; the same
 * schema describes the parameter or body in GET /api/openapi.json.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      const errors = issueProblems(result.error);
      throw new HttpProblem(400, `Invalid ${target}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
    }
  });
}
