import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web UI's own files: plain ES modules, no build step. */
export const uiDirectory = fileURLToPath(new URL('../modeler-ui/', import.meta.url));

/** bpmn-js ships UMD bundles and its CSS/fonts in dist/; only that folder is served. */
export const bpmnJsDist = join(dirname(createRequire(import.meta.url).resolve('bpmn-js/package.json')), 'dist');

const VENDOR_PREFIX = '/vendor/bpmn-js';

/**
 * Public static files: the web UI at `/` and the bpmn-js bundles at `/vendor/bpmn-js/`.
 * Nothing here is private; the page gets all data from /api with its bearer token.
 */
export function uiRoutes() {
  return new Hono()
    .use(
      `${VENDOR_PREFIX}/*`,
      serveStatic({ root: bpmnJsDist, rewriteRequestPath: (path) => path.slice(VENDOR_PREFIX.length) }),
    )
    .use('/*', serveStatic({ root: uiDirectory }));
}
