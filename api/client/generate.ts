import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenAPI3 } from 'openapi-typescript';
import { createApp } from '../app.js';
import { openApiDocument } from '../openapi.js';

/** Where `npm run generate:client` writes the client's types (tracked; a test keeps it fresh). */
export const clientTypesFile = new URL('./openapi-types.ts', import.meta.url);

/**
 * The TypeScript types of GET /api/openapi.json (openapi-typescript), for openapi-fetch.
 * The app is only built to read its routes; nothing is called, so it needs no database.
 */
export async function generateClientTypes(): Promise<string> {
  const app = createApp({ pool: undefined as never, temporal: undefined as never, taskQueue: 'unused', health: undefined as never });
  const document = await openApiDocument(app);
  const nodes = await openapiTS(document as unknown as OpenAPI3, { alphabetize: false });
  return `// Generated from GET /api/openapi.json by \`npm run generate:client\`; do not edit.\n${astToString(nodes)}`;
}
