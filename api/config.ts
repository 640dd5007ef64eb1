import { Hono } from 'hono';
import type { AuthVariables } from './auth.js';
import { describe } from './openapi.js';
import { installationConfigSchema } from './schemas/identity.js';

/** What the web app needs to know about this installation (CONTRACT §2 "GET /api/config"). */
export interface InstallationConfig {
  /** The Temporal Web UI, for a link from a case to its workflow; absent when there is none. */
  temporalUiUrl?: string;
  temporalNamespace: string;
}

export function configRoutes(config: InstallationConfig) {
  return new Hono<{ Variables: AuthVariables }>().get(
    '/',
    describe({ summary: 'What the web app needs to know about this installation: {temporalNamespace, temporalUiUrl?}', responses: { 200: installationConfigSchema } }),
    (c) => c.json(config),
  );
}
