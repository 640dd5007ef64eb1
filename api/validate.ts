import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { HttpProblem, zodProblems } from './problem.js';

/** zod validation whose failures are 400 problem+json naming each field at fault. */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const errors = zodProblems(result.error as never);
      throw new HttpProblem(400, `Invalid ${target}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
    }
  });
}
