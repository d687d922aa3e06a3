import type { FastifyInstance } from "fastify";
import { AppError } from "../../errors.js";

/**
 * Refuses a NUL character anywhere in a request's JSON body, query or route parameters (text
 * columns in PostgreSQL cannot hold one), with a 400 naming the field, before any route sees it
 * (in a parameter, the address itself is at fault: `BAD_URL`).
 */
export function registerNulByteCheck(server: FastifyInstance): void {
  server.addHook("preValidation", async (request) => {
    if (request.is404) return; // no route: the not-found answer uses none of it
    const parts = { params: request.params, querystring: request.query, body: request.body };
    for (const [part, value] of Object.entries(parts)) {
      const field = findNulByte(value, part);
      if (field && part === "params") {
        // Route parameters come from the address itself.
        throw new AppError(
          400,
          "BAD_URL",
          "This address cannot be used: it has a NUL character (%00). Check the address.",
          [{ field, message: "Remove the NUL character (%00)" }],
        );
      }
      if (field) {
        throw new AppError(
          400,
          "VALIDATION_FAILED",
          `The request is not valid. ${field}: remove the NUL character (\\u0000); text cannot contain it.`,
          [{ field, message: "Remove the NUL character (\\u0000)" }],
        );
      }
    }
  });
}

/** The path of the first string (or key) holding a NUL, in parsed JSON or a query/params object. */
function findNulByte(value: unknown, field: string): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? field : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulByte(item, `${field}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined; // a stream the route reads itself, a Buffer…
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return `${field}.${key.replaceAll("\u0000", "\\u0000")}`;
    const found = findNulByte(item, `${field}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** Parsed JSON, or a parsed query (whose prototype is an empty object with none of its own). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return (
    prototype === null ||
    prototype === Object.prototype ||
    Object.getPrototypeOf(prototype) === null
  );
}

/**
 * JSON answers are about the person asking, so no browser or proxy may keep a copy
 * (`Cache-Control: no-store`), unless the route chose its own caching (public keys, say).
 */
export function registerNoStoreForJson(server: FastifyInstance): void {
  server.addHook("onSend", async (_request, reply, payload) => {
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("application/json") && !reply.hasHeader("cache-control")) {
      reply.header("cache-control", "no-store");
    }
    return payload;
  });
}
