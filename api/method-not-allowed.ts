import type { Hono } from 'hono';

/**
 * The methods `path` has in `app`, for a 405 with `Allow` instead of a 404 when a route
 * exists with another method (RFC 9110 §15.5.6). Middleware (method ALL) does not count.
 */
export function allowedMethods(app: Hono, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || !pattern(route.path).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods];
}

const patterns = new Map<string, RegExp>();

function pattern(routePath: string): RegExp {
  let regex = patterns.get(routePath);
  if (!regex) {
    const source = routePath
      .replace(/\/$/, '')
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    regex = new RegExp(`^${source}/?$`);
    patterns.set(routePath, regex);
  }
  return regex;
}
