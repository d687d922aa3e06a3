import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import { Agent, type Dispatcher } from "undici";
import { toolConnectOptions } from "../services/tool-registry.js";

/** At most this many connections to one tool at once; further requests wait for one. */
const CONNECTIONS_PER_TOOL = 128;

/** Headers a client may send on to a tool; every other `x-` header is dropped as a possible forgery. */
const FORWARDED_X_HEADERS = new Set(["x-request-id", "x-requested-with"]);
/** Hop-by-hop headers, for one connection only (RFC 9110 §7.6.1): never passed on either way. */
const HOP_BY_HOP_HEADERS = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];
/**
 * Request headers never sent on: identity and the portal's session, which a tool must never
 * receive from a client; hop-by-hop ones, and `Expect` (the portal has answered
 * `100-continue` itself); and `host`, which names the tool.
 */
const DROPPED_REQUEST_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "forwarded",
  "remote-user",
  ...HOP_BY_HOP_HEADERS,
  "expect",
  "host",
]);
/** A tool's hop-by-hop answer headers, and cookies: a tool may not set them on the portal's origin. */
const DROPPED_RESPONSE_HEADERS = new Set([...HOP_BY_HOP_HEADERS, "set-cookie"]);

/** One request on its way to a tool, already authorised. */
export interface Forwarding {
  /** The tool's origin (`http://127.0.0.1:3101`). */
  origin: string;
  /** Exactly the path (and query) the checks were made on, never the client's own spelling of it. */
  path: string;
  token: string;
  requestId: string;
  client: { ip: string; protocol: string; host: string };
  /** Headers (lower case) the portal sets on every answer (security headers), before the tool's own. */
  answerHeaders: readonly (readonly [string, string])[];
  log: FastifyBaseLogger;
  toolId: string;
}

/**
 * Sends authorised requests on to the tools and their answers back, on Node's own request and
 * response: bodies stream both ways unbuffered, over kept-alive connections to each tool, one
 * request at a time on each (a slow answer or an event stream must not hold up the next).
 */
export class ToolForwarder {
  readonly #agent: Agent;

  constructor(toolsCa: string | undefined) {
    // A tool reached over HTTPS must prove who it is.
    this.#agent = new Agent({
      connections: CONNECTIONS_PER_TOOL,
      pipelining: 1,
      connect: toolConnectOptions(toolsCa),
    });
  }

  /** Closes the connections to the tools, rather than leaving them to time out. */
  async close(): Promise<void> {
    await this.#agent.destroy();
  }

  forward(request: IncomingMessage, response: ServerResponse, forwarding: Forwarding): void {
    const options: Dispatcher.RequestOptions = {
      origin: forwarding.origin,
      path: forwarding.path,
      method: request.method as Dispatcher.HttpMethod,
      headers: forwardedHeaders(request, forwarding),
      body: hasBody(request) ? request : null,
    };
    this.#agent.stream(
      options,
      ({ statusCode, headers }) => {
        response.writeHead(statusCode, answerHeaders(request, headers, forwarding));
        return response;
      },
      (error) => {
        if (error) failed(request, response, forwarding, error);
      },
    );
  }
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return (
    (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined
  );
}

/** The client's headers, less identity, forgeable `x-` and hop-by-hop ones, plus the user token. */
function forwardedHeaders(
  request: IncomingMessage,
  forwarding: Forwarding,
): Record<string, string | string[]> {
  const incoming = request.headers;
  const listed = connectionListed(incoming.connection);
  const headers: Record<string, string | string[]> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name) || listed?.has(name)) continue;
    if (name.startsWith("x-") && !FORWARDED_X_HEADERS.has(name)) continue;
    headers[name] = value;
  }
  headers.authorization = `Bearer ${forwarding.token}`;
  headers["x-request-id"] = forwarding.requestId;
  headers["x-forwarded-for"] = forwarding.client.ip;
  headers["x-forwarded-proto"] = forwarding.client.protocol;
  headers["x-forwarded-host"] = forwarding.client.host;
  return headers;
}

/** Headers that a `Connection` header names are for this hop only too (RFC 9110 §7.6.1). */
function connectionListed(connection: string | string[] | undefined): Set<string> | undefined {
  if (connection === undefined) return undefined;
  const names = (Array.isArray(connection) ? connection.join(",") : connection).toLowerCase();
  // What nearly every client sends, and names no header.
  if (names === "keep-alive" || names === "close") return undefined;
  return new Set(names.split(",").map((name) => name.trim()));
}

function answerHeaders(
  request: IncomingMessage,
  toolHeaders: Record<string, string | string[] | undefined>,
  forwarding: Forwarding,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of forwarding.answerHeaders) headers[name] = value;
  const listed = connectionListed(toolHeaders.connection);
  for (const name in toolHeaders) {
    if (DROPPED_RESPONSE_HEADERS.has(name) || listed?.has(name)) continue;
    headers[name] = toolHeaders[name];
  }
  headers["x-request-id"] = forwarding.requestId;
  // JSON answers are about the person asking, unless the tool chose its own caching.
  if (String(headers["content-type"]).startsWith("application/json") && !headers["cache-control"])
    headers["cache-control"] = "no-store";
  // A connection cannot be reused while the client is still sending a body the tool did not read.
  if (!request.complete) headers.connection = "close";
  return headers;
}

function failed(
  request: IncomingMessage,
  response: ServerResponse,
  forwarding: Forwarding,
  error: Error,
): void {
  const { log, toolId, requestId } = forwarding;
  // A client that gave up mid-upload breaks the body the tool was reading: not the tool's fault.
  if (request.destroyed || response.destroyed) {
    log.debug({ err: error, tool: toolId, reqId: requestId }, "client went away mid-request");
    return;
  }
  log.error({ err: error, tool: toolId, reqId: requestId }, "tool did not answer");
  if (response.headersSent) {
    response.destroy(error);
    return;
  }
  const body = JSON.stringify({
    error: {
      code: "TOOL_UNREACHABLE",
      message: `This tool is not answering. Try again in a few minutes; if it keeps happening, tell your administrator (request ID ${requestId}).`,
    },
  });
  const headers: OutgoingHttpHeaders = Object.fromEntries(forwarding.answerHeaders);
  headers["content-type"] = "application/json; charset=utf-8";
  headers["cache-control"] = "no-store";
  headers["x-request-id"] = requestId;
  response.writeHead(502, headers).end(body);
}
