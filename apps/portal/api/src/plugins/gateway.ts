import { readFileSync } from "node:fs";
import path from "node:path";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import proxyAddr from "@fastify/proxy-addr";
import { pageAfterSignIn } from "@bernard/auth/local-path";
import { AppError, requestIdFor } from "@bernard/toolkit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AccessCache } from "../services/access-cache.js";
import type { PortalDatabase } from "../services/database.js";
import { recordToolOpened } from "../services/tool-opened.js";
import type { ActiveSession } from "../services/sessions.js";
import type { ToolEndpoint, ToolRegistry } from "../services/tool-registry.js";
import type { ToolTokenSource } from "../services/tool-tokens.js";
import { findToolAccess, refusal } from "../services/tools.js";
import { passesCsrfCheck, SESSION_COOKIE } from "./sessions.js";
import { ToolForwarder } from "./tool-forwarder.js";
import { canonicalToolPath, type ToolPath } from "./tool-path.js";

export interface GatewayOptions {
  db: PortalDatabase;
  accessCache: AccessCache;
  registry: ToolRegistry;
  tokens: ToolTokenSource;
  /** The portal's built UI; its page explains a refusal (403/404) to someone in a browser. */
  webRoot: string;
  /** Authorities trusted for tools on HTTPS besides Node's own (BERNARD_TOOLS_CA). */
  toolsCa?: string | undefined;
  /** Proxies in front of the portal whose X-Forwarded-* headers are believed (as Fastify's). */
  trustedProxies: string[];
}

/** Methods the lean path forwards; a tool route answers any other through Fastify. */
const LEAN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * `/tools/<id>/…` is proxied to that tool (API, UI and event streams), once the session, the
 * tool being enabled, and the user's role and groups all allow it. The tool receives a signed
 * user token instead of the session cookie and whatever identity headers the client sent.
 *
 * Most requests through the portal are a tool's API calls, so an allowed one is forwarded on a
 * lean path in front of Fastify (its routing, hooks and reply objects cost more than the
 * forwarding itself). That path only ever forwards: anything it does not allow as it stands
 * (no session, a refusal, an odd spelling, a page a browser opens, a CSRF failure, a database
 * error) goes to the Fastify route below, which makes every check again and answers it.
 */
export async function registerGateway(
  server: FastifyInstance,
  options: GatewayOptions,
): Promise<void> {
  const indexHtml = readFileSync(path.join(options.webRoot, "index.html"), "utf8");
  const forwarder = new ToolForwarder(options.toolsCa);
  server.addHook("onClose", () => forwarder.close());
  const clientOf = clientReader(options.trustedProxies);
  // Lower case, as the tool's own headers arrive, so that a tool's header replaces the portal's.
  const securityHeaders = server.securityHeaders.map(
    ([name, value]) => [name.toLowerCase(), value] as const,
  );
  const origins = new Map<string, string>();
  const originOf = (endpoint: ToolEndpoint) => {
    let origin = origins.get(endpoint.url);
    if (origin === undefined) origins.set(endpoint.url, (origin = new URL(endpoint.url).origin));
    return origin;
  };
  /** Forwards a request that every check allowed; the tool then answers it. */
  const forward = (
    request: IncomingMessage,
    response: ServerResponse,
    allowed: { target: AllowedPath; origin: string; token: string; requestId: string },
  ) =>
    forwarder.forward(request, response, {
      origin: allowed.origin,
      path: allowed.target.path + allowed.target.search,
      token: allowed.token,
      requestId: allowed.requestId,
      client: clientOf(request),
      answerHeaders: securityHeaders,
      log: server.log,
      toolId: allowed.target.toolId,
    });

  installLeanPath(server, async (request, response) => {
    const target = canonicalToolPath(request.url!);
    // Fastify refuses a NUL in the query (%00) and redirects `/tools/<id>` to `/tools/<id>/`.
    if (target.refused !== undefined || target.search.includes("%00")) return false;
    if (target.path === `/tools/${target.toolId}`) return false;
    const method = request.method!;
    const endpoint = options.registry.endpoint(target.toolId);
    if (!LEAN_METHODS.has(method) || !endpoint) return false;
    if (isPageRequest(method, request.headers, target.path, target.toolId)) return false;
    const session = await server.sessionForToken(
      server.parseCookie(request.headers.cookie ?? "")[SESSION_COOKIE],
    );
    if (!session || !passesCsrfCheck(method, request.headers, session)) return false;
    if (refusal(await findToolAccess(options.db, options.accessCache, target.toolId), session))
      return false;
    const token = await options.tokens(session, target.toolId);
    forward(request, response, {
      target,
      origin: originOf(endpoint),
      token,
      requestId: requestIdFor(request),
    });
    return true;
  });

  await server.register(async (scope) => {
    // Bodies go to the tool as they arrive; the tool parses and limits them itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, payload, done) => {
      done(null, payload);
    });

    // The gateway checks the session itself, and answers pages and API calls differently.
    const config = { authentication: "checked-by-route" } as const;
    const refuse = (request: FastifyRequest, reply: FastifyReply, problem: string) => {
      if (isPageRequest(request.method, request.headers, request.url.split("?")[0]!, ""))
        return replyWithPortalPage(reply, 404, indexHtml);
      throw new AppError(400, "BAD_URL", `This address cannot be used: it has ${problem}.`);
    };
    scope.all("/tools/:toolId", { config }, async (request, reply) => {
      const target = canonicalToolPath(request.url);
      if (target.refused !== undefined) return refuse(request, reply, target.refused);
      return reply.redirect(`${target.path}/`);
    });

    // Only a tool that does not answer is worth a line, logged by the forwarder as an error.
    scope.all("/tools/:toolId/*", { config, logLevel: "error" }, async (request, reply) => {
      const target = canonicalToolPath(request.url);
      if (target.refused !== undefined) return refuse(request, reply, target.refused);
      const { toolId } = target;
      const endpoint = options.registry.endpoint(toolId);
      const page = isPageRequest(request.method, request.headers, target.path, toolId);
      if (!endpoint) {
        if (page) return replyWithPortalPage(reply, 404, indexHtml);
        throw AppError.notFound(`There is no tool called ${toolId}.`);
      }
      const session: ActiveSession | null = request.session;
      if (!session) {
        if (page)
          return reply.redirect(
            `/sign-in?next=${encodeURIComponent(pageAfterSignIn(request.url))}`,
          );
        throw new AppError(401, "UNAUTHENTICATED", "Sign in to continue.");
      }
      const refused = refusal(
        await findToolAccess(options.db, options.accessCache, toolId),
        session,
      );
      if (refused) {
        if (page) return replyWithPortalPage(reply, 403, indexHtml);
        throw new AppError(403, "TOOL_UNAVAILABLE", `${refused} Ask your administrator.`);
      }
      if (page)
        await recordToolOpened(options.db, session, toolId, {
          ip: request.ip,
          path: target.path,
        });

      const token = await options.tokens(session, toolId);
      // The answer is the tool's, written by the forwarder onto Node's own response.
      reply.hijack();
      forward(request.raw, reply.raw, {
        target,
        origin: originOf(endpoint),
        token,
        requestId: request.id,
      });
    });
  });
}

type AllowedPath = Exclude<ToolPath, { refused: string }>;

/**
 * Puts `lean` in front of Fastify for `/tools/…` requests: when it does not take a request
 * (answers false, or fails), Fastify's router gets it as it came, body unread.
 */
function installLeanPath(
  server: FastifyInstance,
  lean: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>,
): void {
  const listeners = server.server.listeners("request");
  if (listeners.length !== 1) {
    throw new Error(`Expected Fastify's one request listener, found ${listeners.length}`);
  }
  server.server.removeAllListeners("request");
  // While closing, Fastify answers 503 itself.
  let closing = false;
  server.addHook("preClose", () => {
    closing = true;
  });
  server.server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (closing || !request.url!.startsWith("/tools/")) {
      server.routing(request, response);
      return;
    }
    lean(request, response).then(
      (taken) => {
        if (!taken) server.routing(request, response);
      },
      () => server.routing(request, response),
    );
  });
}

/**
 * The client's address, protocol and host, read as Fastify reads them (`request.ip` and so on):
 * the X-Forwarded-* headers count only when they come from a trusted proxy.
 */
function clientReader(trustedProxies: string[]) {
  const trust = proxyAddr.compile(trustedProxies);
  const lastEntry = (value: string) => value.slice(value.lastIndexOf(",") + 1).trim();
  return (request: IncomingMessage) => {
    const forwardedHost = request.headers["x-forwarded-host"];
    const forwardedProto = request.headers["x-forwarded-proto"];
    const trusted = trust(request.socket.remoteAddress ?? "", 0);
    return {
      ip: proxyAddr(request, trust),
      protocol:
        trusted && typeof forwardedProto === "string"
          ? lastEntry(forwardedProto)
          : "encrypted" in request.socket && request.socket.encrypted
            ? "https"
            : "http",
      host:
        trusted && typeof forwardedHost === "string"
          ? lastEntry(forwardedHost)
          : (request.headers.host ?? ""),
    };
  };
}

/** A browser opening a page of the tool, rather than its API or a file the page loads. */
function isPageRequest(
  method: string,
  headers: IncomingHttpHeaders,
  pathname: string,
  toolId: string,
): boolean {
  return (
    method === "GET" &&
    (headers.accept ?? "").includes("text/html") &&
    !pathname.startsWith(`/tools/${toolId}/api/`) &&
    !pathname.startsWith(`/tools/${toolId}/assets/`)
  );
}

/** The portal's own app explains the refusal, with its header and a way back home. */
function replyWithPortalPage(reply: FastifyReply, status: number, indexHtml: string) {
  return reply
    .code(status)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(indexHtml);
}
