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
        path: route.replaceAll(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? SOME_ID),
      })),
  );
}

/** The ID that stands in for a path parameter no value is given for. */
export const SOME_ID = "00000000-0000-4000-8000-000000000000";
const HTTP_METHODS = new Set(["get", "head", "post", "put", "patch", "delete", "options"]);
