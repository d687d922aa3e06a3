export interface DocumentedRoute {
  method: string;
  /** The route's path with a concrete value in place of each `{param}`. */
  path: string;
  /** The route as documented, like `/tools/consult/api/questions/{id}`. */
  route: string;
}

/**
 * Every method and path in an OpenAPI document (an app's `server.swagger()`), with the values
 * given in `params` (or a made-up UUID) in place of `{name}`, so tests cover routes added later.
 */
export function documentedRoutes(
  document: unknown,
  params: Record<string, string> = {},
): DocumentedRoute[] {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return Object.entries(paths).flatMap(([route, methods]) =>
    Object.keys(methods)
      .filter((method) => HTTP_METHODS.has(method))
      .map((method) => ({
        method: method.toUpperCase(),
        route,
        path: filled(route, /\{([^}]+)\}/g, params),
      })),
  );
}

/**
 * A tool's pages (its contract's `PAGES`, `$name` a parameter) as requests for them below
 * `/tools/<tool>`, with the values in `params` (or a made-up UUID) in place of each `$name`.
 */
export function pageRequests(
  tool: string,
  pages: readonly string[],
  params: Record<string, string> = {},
): { method: string; path: string }[] {
  return pages.map((page) => ({
    method: "GET",
    path: `/tools/${tool}${filled(page, /\$(\w+)/g, params)}`,
  }));
}

const SOME_ID = "00000000-0000-4000-8000-000000000000";
/** `path` with the value in `params` (or a made-up UUID) for each parameter `pattern` finds. */
const filled = (path: string, pattern: RegExp, params: Record<string, string>) =>
  path.replaceAll(pattern, (_, name: string) => params[name] ?? SOME_ID);
const HTTP_METHODS = new Set(["get", "head", "post", "put", "patch", "delete", "options"]);
