import { InvalidTokenError, type TokenVerifier } from "@bernard/auth";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { AppError } from "../../errors.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * Leave it out, and the server's authenticator runs first on the route (default deny).
     * `"public"`: anyone may call the route (health checks, sign-in). `"checked-by-route"`: the
     * route authenticates its callers itself (its own onRequest hook), some other way.
     */
    authentication?: RouteAuthentication;
  }
}

export type RouteAuthentication = "public" | "checked-by-route";

/** Lets a request through only if it proves who is calling (throws a 401 or 403 otherwise). */
export type Authenticator = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Route options for a route anyone may call, signed in or not. */
export const PUBLIC_ROUTE = { authentication: "public" } as const;

/**
 * Default deny: every route added after this gets `authenticate` as its first onRequest hook,
 * unless it declares otherwise in its own `config.authentication`. The hook hangs on the route
 * the router matched, so no spelling of a URL can reach a route without passing it.
 */
export function registerAuthentication(server: FastifyInstance, authenticate: Authenticator): void {
  server.decorateRequest("user", null);
  server.decorateRequest("userToken", null);
  server.addHook("onRoute", (route: RouteOptions) => {
    const declared = route.config?.authentication;
    if (declared === "public" || declared === "checked-by-route") return;
    if (declared !== undefined) {
      throw new Error(
        `${String(route.method)} ${route.url}: config.authentication must be "public" or "checked-by-route", not ${JSON.stringify(declared)}`,
      );
    }
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    if (own.includes(authenticate)) return; // the HEAD route Fastify copies from a GET
    route.onRequest = [authenticate, ...own];
  });
}

/**
 * A tool's authenticator: the request must carry the portal's signed user token
 * (`Authorization: Bearer …`), which names the person in `request.user`.
 */
export function userTokenAuthenticator(verify: TokenVerifier): Authenticator {
  return async (request) => {
    const header = request.headers.authorization ?? "";
    const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
    if (!token) {
      throw new AppError(
        401,
        "UNAUTHENTICATED",
        "Open this tool from the Bernard portal: the request was not signed in.",
      );
    }
    try {
      request.user = await verify(token);
      request.userToken = token;
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new AppError(401, "UNAUTHENTICATED", error.message);
      throw error;
    }
  };
}
