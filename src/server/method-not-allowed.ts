/**
 * A known path asked with a method it does not serve (`DELETE /api/v1/organizations`) is a
 * 405 with an Allow header (RFC 9110, section 15.5.6), not a 404 that reads as a wrong path.
 * Hono calls the not-found handler for both, so this looks the path up in the app's routes.
 */
import type { RouterRoute } from 'hono/types';

/**
 * The methods served at a path, upper case and sorted, HEAD wherever GET is (Hono answers
 * HEAD with the GET route); empty when nothing is served there at all.
 * @example allowedMethods(app.routes, '/api/v1/organizations') // ['GET', 'HEAD', 'POST']
 */
export function allowedMethods(routes: readonly RouterRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    // Middleware (app.use) is registered for ALL methods and serves nothing by itself.
    if (route.method === 'ALL') continue;
    if (!patternOf(route.path).test(path)) continue;
    methods.add(route.method.toUpperCase());
    if (route.method.toUpperCase() === 'GET') methods.add('HEAD');
  }
  return [...methods].sort();
}

const patterns = new Map<string, RegExp>();

/**
 * Hono's path syntax as a regular expression: `:name`, `:name{regex}`, `*`.
 * Limitation: optional parameters (`:name?`) are not read; no route of ours has one.
 */
function patternOf(routePath: string): RegExp {
  const known = patterns.get(routePath);
  if (known) return known;

  const segments = routePath.split('/').map((segment) => {
    if (segment === '*') return '.*';
    const param = /^:\w+(?:\{(.+)\})?$/.exec(segment);
    if (param) return param[1] ? `(?:${param[1]})` : '[^/]+';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  const pattern = new RegExp(`^${segments.join('/')}$`);
  patterns.set(routePath, pattern);
  return pattern;
}
