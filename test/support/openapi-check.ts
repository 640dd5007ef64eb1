import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Record<string, OpenAPIV3_1.ResponseObject>;
}

/**
 * Checks responses against GET /api/openapi.json: the status must be one the operation
 * documents, and a JSON body must match the schema of that status and media type. Used by
 * the test API helper, so every API test checks the document too.
 */
export function responseChecker(document: OpenAPIV3_1.Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'openapi', components: document.components ?? {} });
  const validators = new Map<object, ValidateFunction>();
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {}) as Array<[string, OpenAPIV3_1.OperationObject]>) {
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}|\{\w+\}/g, '[^/]+');
      operations.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${source}/?$`), responses: operation.responses as Operation['responses'] });
    }
  }
  // A literal segment wins over a parameter: /api/sla/summary before /api/sla/{x}.
  operations.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));

  const validatorOf = (schema: object): ValidateFunction => {
    let validator = validators.get(schema);
    if (!validator) {
      const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as object;
      validator = ajv.compile(rewritten);
      validators.set(schema, validator);
    }
    return validator;
  };

  /** The problems of one response, or [] when it is what the document says. */
  return async function check(method: string, path: string, response: Response): Promise<string[]> {
    const operation = operations.find((candidate) => candidate.method === (method === 'HEAD' ? 'GET' : method) && candidate.pattern.test(path));
    if (!operation) return []; // 404 and 405: no operation to hold it to
    const name = `${method} ${operation.template} -> ${response.status}`;
    const documented = operation.responses[String(response.status)] ?? operation.responses.default;
    if (!documented) return [`${name}: status not in the document (it has ${Object.keys(operation.responses).join(', ')})`];
    if (!documented.content || method === 'HEAD' || response.status === 204) return [];
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = documented.content[mediaType];
    if (!media) return [`${name}: content type ${mediaType || '(none)'} not in the document (it has ${Object.keys(documented.content).join(', ')})`];
    if (!mediaType.endsWith('json') || !media.schema) return [];
    const body = (await response.clone().json()) as unknown;
    const validate = validatorOf(media.schema);
    if (validate(body)) return [];
    return [`${name}: body breaks its schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}`];
  };
}
