import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe } from './openapi.js';

const here = fileURLToPath(new URL('./docs/', import.meta.url));
/** Scalar's self-contained browser bundle, served from our origin: no CDN (many networks reach none). */
const scalarBundle = join(dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js');

const html = z.string().meta({ description: 'An HTML page' });
const script = z.string().meta({ description: 'JavaScript' });

function file(path: string, type: string) {
  let body: Promise<string> | undefined;
  return async () => new Response(await (body ??= readFile(path, 'utf8')), { headers: { 'content-type': type, 'cache-control': 'no-cache' } });
}

/**
 * GET /api/docs: Scalar's interactive reference of GET /api/openapi.json. The page and its
 * scripts are public because a browser navigates there without a token and they hold no
 * data; the document itself stays behind the token, which the page takes from the web
 * app's session or asks for with a login form.
 */
export function docsRoutes() {
  return new Hono()
    .get('/', describe({ summary: 'Interactive API docs (Scalar); no token needed for the page, the document needs one', public: true, responses: { 200: { schema: html, mediaType: 'text/html' } } }), file(join(here, 'index.html'), 'text/html; charset=utf-8'))
    .get('/docs.js', describe({ summary: 'The docs page script', public: true, responses: { 200: { schema: script, mediaType: 'text/javascript' } } }), file(join(here, 'docs.js'), 'text/javascript; charset=utf-8'))
    .get('/scalar.js', describe({ summary: "Scalar's API reference bundle", public: true, responses: { 200: { schema: script, mediaType: 'text/javascript' } } }), file(scalarBundle, 'text/javascript; charset=utf-8'));
}
