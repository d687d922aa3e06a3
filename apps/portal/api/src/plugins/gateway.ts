import { readFileSync } from "node:fs";
import path from "node:path";
import replyFrom from "@fastify/reply-from";
import { pageAfterSignIn } from "@bernard/auth/local-path";
import { AppError } from "@bernard/toolkit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AccessCache } from "../services/access-cache.js";
import type { PortalDatabase } from "../services/database.js";
import { recordToolOpened } from "../services/tool-opened.js";
import { toolConnectOptions, type ToolRegistry } from "../services/tool-registry.js";
import type { ToolTokenSource } from "../services/tool-tokens.js";
import { findToolAccess, refusal } from "../services/tools.js";
import { canonicalToolPath } from "./tool-path.js";

export interface GatewayOptions {
  db: PortalDatabase;
  accessCache: AccessCache;
  registry: ToolRegistry;
  tokens: ToolTokenSource;
  /** The portal's built UI; its page explains a refusal (403/404) to someone in a browser. */
  webRoot: string;
  /** Authorities trusted for tools on HTTPS besides Node's own (BERNARD_TOOLS_CA). */
  toolsCa?: string | undefined;
}

/** At most this many connections to one tool at once; further requests wait for one. */
const CONNECTIONS_PER_TOOL = 128;

/** Headers a client may send on to a tool; every other `x-` header is dropped as a possible forgery. */
const FORWARDED_X_HEADERS = new Set(["x-request-id", "x-requested-with"]);
/** Headers that carry identity or the portal's session, which a tool must never receive from a client. */
const IDENTITY_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "forwarded",
  "remote-user",
]);
/**
 * Hop-by-hop headers, for this connection only (RFC 9110 §7.6.1): the portal has already acted on
 * them (answering `Expect: 100-continue` itself), and the HTTP client refuses to send them on.
 */
const HOP_BY_HOP_HEADERS = new Set([
  "expect",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "upgrade",
]);

/**
 * `/tools/<id>/…` is proxied to that tool (API, UI and event streams), once the session, the
 * tool being enabled, and the user's role and groups all allow it. The tool receives a signed
 * user token instead of the session cookie and whatever identity headers the client sent.
 */
export async function registerGateway(
  server: FastifyInstance,
  options: GatewayOptions,
): Promise<void> {
  const indexHtml = readFileSync(path.join(options.webRoot, "index.html"), "utf8");
  await server.register(replyFrom, {
    disableCache: true,
    // Kept-alive connections to each tool, one request at a time on each (a slow answer or an
    // event stream must not hold up the next request). reply-from skips certificate checks
    // unless told otherwise: a tool reached over HTTPS must prove who it is.
    undici: {
      connections: CONNECTIONS_PER_TOOL,
      pipelining: 1,
      connect: toolConnectOptions(options.toolsCa),
    },
    // Close those connections when the portal closes, rather than leaving them to time out.
    destroyAgent: true,
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
      if (isPageRequest(request, request.url.split("?")[0]!, ""))
        return replyWithPortalPage(reply, 404, indexHtml);
      throw new AppError(400, "BAD_URL", `This address cannot be used: it has ${problem}.`);
    };
    scope.all("/tools/:toolId", { config }, async (request, reply) => {
      const target = canonicalToolPath(request.url);
      if (target.refused !== undefined) return refuse(request, reply, target.refused);
      return reply.redirect(`${target.path}/`);
    });

    // reply-from warns about every failed upstream request, a client's abort included; only a
    // tool that does not answer is worth a line, logged below as an error.
    scope.all("/tools/:toolId/*", { config, logLevel: "error" }, async (request, reply) => {
      const target = canonicalToolPath(request.url);
      if (target.refused !== undefined) return refuse(request, reply, target.refused);
      const { toolId } = target;
      const endpoint = options.registry.endpoint(toolId);
      const page = isPageRequest(request, target.path, toolId);
      if (!endpoint) {
        if (page) return replyWithPortalPage(reply, 404, indexHtml);
        throw AppError.notFound(`There is no tool called ${toolId}.`);
      }
      const session = request.session;
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
      // Exactly the path the checks above were made on, never the client's own spelling of it.
      return reply.from(new URL(target.path + target.search, endpoint.url).toString(), {
        rewriteRequestHeaders: (_request, headers) => forwardedHeaders(headers, token, request),
        rewriteHeaders: (headers) => withoutCookies(headers),
        onError: (failed, { error }) => {
          // A client that gave up mid-upload breaks the body the tool was reading: not the tool's fault.
          if (request.raw.destroyed || reply.raw.destroyed) {
            request.log.debug({ err: error, tool: toolId }, "client went away mid-request");
            return;
          }
          request.log.error({ err: error, tool: toolId }, "tool did not answer");
          void failed.code(502).send({
            error: {
              code: "TOOL_UNREACHABLE",
              message: `This tool is not answering. Try again in a few minutes; if it keeps happening, tell your administrator (request ID ${request.id}).`,
            },
          });
        },
      });
    });
  });
}

/** A browser opening a page of the tool, rather than its API or a file the page loads. */
function isPageRequest(request: FastifyRequest, pathname: string, toolId: string): boolean {
  return (
    request.method === "GET" &&
    (request.headers.accept ?? "").includes("text/html") &&
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

function forwardedHeaders(
  incoming: Record<string, string | string[] | undefined>,
  token: string,
  request: FastifyRequest,
): Record<string, string | string[] | undefined> {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(incoming)) {
    const lower = name.toLowerCase();
    if (IDENTITY_HEADERS.has(lower) || HOP_BY_HOP_HEADERS.has(lower)) continue;
    if (lower.startsWith("x-") && !FORWARDED_X_HEADERS.has(lower)) continue;
    headers[lower] = value;
  }
  headers.authorization = `Bearer ${token}`;
  headers["x-request-id"] = request.id;
  headers["x-forwarded-for"] = request.ip;
  headers["x-forwarded-proto"] = request.protocol;
  headers["x-forwarded-host"] = request.host;
  return headers;
}

/** A tool may not set cookies on the portal's origin. */
function withoutCookies(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[] | undefined> {
  const { "set-cookie": _dropped, ...rest } = headers;
  return rest;
}
