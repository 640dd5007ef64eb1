import type { PageDefinition, RouteParams } from './pages.js';

/** A page and the parameters its path pattern took from the current hash route. */
export interface RouteMatch {
  page: PageDefinition;
  params: RouteParams;
}

/** `/processes/:key?` → a regex with one group per parameter. */
function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const parameter = /^:(\w+)(\?)?$/.exec(segment);
      if (!parameter) return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      names.push(parameter[1]!);
      return parameter[2] ? '(?:/([^/]+))?' : '/([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

const compiled = new WeakMap<PageDefinition, ReturnType<typeof compile>>();

/** The current route without the leading `#`, e.g. `/processes/lead-to-cash`. */
export function currentPath(): string {
  return location.hash.replace(/^#/, '') || '/';
}

export function matchRoute(pages: readonly PageDefinition[], path: string): RouteMatch | null {
  const [pathname] = path.split('?');
  for (const page of pages) {
    let route = compiled.get(page);
    if (!route) compiled.set(page, (route = compile(page.path)));
    const match = route.pattern.exec(pathname ?? '');
    if (!match) continue;
    const params: RouteParams = {};
    route.names.forEach((name, index) => {
      const value = match[index + 1];
      params[name] = value === undefined ? undefined : decodeURIComponent(value);
    });
    return { page, params };
  }
  return null;
}

/** A link target for a route path: `href(`/processes/${key}`)`. */
export function href(path: string): string {
  return `#${path}`;
}
