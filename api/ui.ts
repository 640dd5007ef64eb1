import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { webAppDist } from './ui-build.js';

/**
 * The web app at `/`: the files Vite built into modeler-ui/dist/ (`npm start`, `npm test`
 * and `npm run build:ui` build it). Nothing here is private; the app gets all data from
 * /api with its bearer token.
 */
export function uiRoutes() {
  return new Hono()
    .use('/*', async (c, next) => {
      if (c.req.path.startsWith('/api/') || existsSync(join(webAppDist, 'index.html'))) return next();
      return c.text('The web app is not built yet: run `npm run build:ui` (npm start does it for you).', 503, { 'retry-after': '30' });
    })
    .use('/assets/*', compress()) // the modeler's bundle is 2.6 MB, 0.6 MB gzipped
    .use(
      '/assets/*',
      serveStatic({ root: webAppDist, onFound: (_path, c) => c.header('cache-control', 'public, max-age=31536000, immutable') }), // file names carry their content hash
    )
    .use('/*', serveStatic({ root: webAppDist }));
}
