import { isRefusal } from "./refusal.js";
import { routeSpellings } from "./route-spellings.js";
import { sendRaw } from "./send-raw.js";

/** The routes any tool answers without a user token: the launcher's probes and the portal's registry. */
export const PUBLIC_TOOL_ROUTES = ["GET /health", "GET /ready", "GET /manifest"];

/**
 * Sends every spelling of every route (`documentedRoutes()` and a tool's pages) to `origin` with
 * no user token, and lists, as `METHOD path status`, each that was not refused before a route
 * ran; a public route (`METHOD /path` in `publicRoutes`) must only answer without a server error.
 */
export async function unrefusedSpellings(
  origin: string,
  routes: readonly { method: string; path: string }[],
  publicRoutes: readonly string[] = PUBLIC_TOOL_ROUTES,
): Promise<string[]> {
  const unexpected: string[] = [];
  for (const route of routes) {
    const body = ["GET", "HEAD"].includes(route.method) ? undefined : "{}";
    const isPublic = publicRoutes.includes(`${route.method} ${route.path}`);
    for (const path of [route.path, ...routeSpellings(route.path)]) {
      const answer = await sendRaw(origin, { method: route.method, path, body });
      if (isPublic ? answer.status >= 500 : !isRefusal(answer, route.method)) {
        unexpected.push(`${route.method} ${path} ${answer.status}`);
      }
    }
  }
  return unexpected;
}
