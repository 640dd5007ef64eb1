import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenAPI3 } from 'openapi-typescript';
import { createApp } from '../app.js';
import { openApiDocument } from '../openapi.js';

/** Where `npm run generate:client` writes the client's types (tracked; a test keeps it fresh). */
export const clientTypesFile = new URL('./openapi-types.ts', import.meta.url);

/** The app built only to read its routes and their description: nothing is called, so it needs no database. */
export function describedApp() {
  return createApp({ pool: undefined as never, temporal: undefined as never, taskQueue: 'unused', health: undefined as never });
}

/** The TypeScript types of GET /api/openapi.json (openapi-typescript), for openapi-fetch. */
export async function generateClientTypes(): Promise<string> {
  const document = await openApiDocument(describedApp());
  const nodes = await openapiTS(document as unknown as OpenAPI3, { alphabetize: false });
  return `// Generated from GET /api/openapi.json by \`npm run generate:client\`; do not edit.\n${astToString(nodes)}`;
}
