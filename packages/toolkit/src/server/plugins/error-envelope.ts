import { isDatabaseUnavailable } from "@bernard/database";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ErrorEnvelope } from "../../contract/index.js";
import { AppError } from "../../errors.js";

/** A database restart takes seconds; clients that honour Retry-After come back after this. */
const DATABASE_RETRY_AFTER_SECONDS = 30;
const DATABASE_UNAVAILABLE_MESSAGE =
  "Bernard cannot reach its database just now. Nothing you saved is lost; try again in a minute.";
/** What a browser opening a page shows instead: no scripts, styles or other requests needed. */
const DATABASE_UNAVAILABLE_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bernard is unavailable</title></head>
<body>
<h1>Sorry, Bernard is unavailable just now</h1>
<p>${DATABASE_UNAVAILABLE_MESSAGE}</p>
</body>
</html>
`;

/** Turns every failure into `{ error: { code, message, details } }`; nothing internal leaks out. */
export function registerErrorEnvelope(server: FastifyInstance, bodyLimit: number): void {
  server.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        field:
          `${error.validationContext ?? "request"}${issue.instancePath.replaceAll("/", ".")}`.replace(
            /\.$/,
            "",
          ),
        message: issue.message,
      }));
      const summary = details.map((detail) => `${detail.field}: ${detail.message}`).join("; ");
      return reply
        .code(400)
        .send(envelope("VALIDATION_FAILED", `The request is not valid. ${summary}`, details));
    }
    if (error instanceof AppError) {
      if (error.retryAfter !== undefined) reply.header("retry-after", error.retryAfter);
      return reply.code(error.statusCode).send(envelope(error.code, error.message, error.details));
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      const limit = `${Math.round(bodyLimit / 1024 / 1024)} MB`;
      // Fastify would close the connection while the body is still arriving; a sender (the
      // portal's gateway) can then fail writing before it reads this answer, and report the tool
      // down. Node instead reads and drops the rest of the body, so the 413 reaches the sender.
      reply.removeHeader("connection");
      return reply
        .code(413)
        .send(
          envelope(
            "PAYLOAD_TOO_LARGE",
            `The request is larger than the ${limit} limit. Send a smaller file or split it.`,
          ),
        );
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, "database unavailable");
      reply.code(503).header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
      if (isPageRequest(request)) {
        return reply
          .header("cache-control", "no-store")
          .type("text/html; charset=utf-8")
          .send(DATABASE_UNAVAILABLE_PAGE);
      }
      return reply.send(envelope("DATABASE_UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE));
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      // Fastify's own client errors (malformed JSON, unsupported media type) have safe messages.
      return reply.code(status).send(envelope(clientErrorCode(status), error.message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply
      .code(500)
      .send(
        envelope(
          "INTERNAL_ERROR",
          `Something went wrong on our side. If it keeps happening, report it with the request ID ${request.id}.`,
          { requestId: request.id },
        ),
      );
  });

  server.setNotFoundHandler(replyNotFound);
}

/**
 * An address the router cannot read (broken percent-encoding, a part too long) is refused
 * before any route, in the same envelope.
 */
export function replyBadUrl(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const reason =
    error.code === "FST_ERR_BAD_URL" ? "it has a broken percent-encoding (%)" : "it is not valid";
  void reply
    .code(400)
    .send(envelope("BAD_URL", `This address cannot be used: ${reason}. Check the address.`));
}

export function replyNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .send(
      envelope("NOT_FOUND", `There is nothing at ${request.method} ${request.url.split("?")[0]}.`),
    );
}

/** A browser navigating to a page (rather than a script calling the API). */
function isPageRequest(request: FastifyRequest): boolean {
  return request.method === "GET" && (request.headers.accept ?? "").includes("text/html");
}

function envelope(code: string, message: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

function clientErrorCode(status: number): string {
  const codes: Record<number, string> = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "TOO_MANY_REQUESTS",
  };
  return codes[status] ?? "BAD_REQUEST";
}
