import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal?.server.close());

interface Operation {
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
}

/**
 * The operations of an OpenAPI document whose success answer is not described: every route
 * must declare a 2xx or 3xx response, and each 2xx with a body must give its schema. (Without
 * a response schema, @fastify/swagger writes a bodiless "200: Default Response".)
 */
function undescribedSuccesses(document: unknown, skip: (path: string) => boolean): string[] {
  const paths = (document as { paths: Record<string, Record<string, Operation>> }).paths;
  return Object.entries(paths).flatMap(([path, methods]) =>
    skip(path)
      ? []
      : Object.entries(methods).flatMap(([method, operation]) => {
          const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
            /^[23]\d\d$/.test(status),
          );
          const undescribed =
            successes.length === 0 ||
            successes.some(
              ([status, response]) =>
                status.startsWith("2") &&
                status !== "204" &&
                !Object.values(response.content ?? {}).some((media) => media.schema),
            );
          return undescribed ? [`${method.toUpperCase()} ${path}`] : [];
        }),
  );
}

/** The gateway passes each tool's own answers on; each tool's contract describes those. */
const throughGateway = (path: string) =>
  path === "/tools/{toolId}" || path.startsWith("/tools/{toolId}/");

it("describes the success answer of every route in the portal's API with a schema", () => {
  const document = portal.server.swagger();
  const paths = Object.keys((document as { paths: object }).paths);
  // The portal's own API is in the document, so a route added later is checked too.
  expect(paths).toEqual(
    expect.arrayContaining(["/api/session", "/api/admin/users", "/api/llm/v1/models"]),
  );
  expect(undescribedSuccesses(document, throughGateway)).toEqual([]);
});

it("counts a route without a response schema, or with a bodiless 200, as undescribed", () => {
  const document = {
    paths: {
      "/described": {
        get: { responses: { 200: { content: { "application/json": { schema: {} } } } } },
      },
      "/empty": { delete: { responses: { 204: { description: "No content" } } } },
      "/redirect": { get: { responses: { 302: { description: "To the provider" } } } },
      "/no-schema": { post: { responses: { 200: { description: "Default Response" } } } },
      "/errors-only": {
        put: { responses: { 400: { content: { "application/json": { schema: {} } } } } },
      },
    },
  };
  expect(undescribedSuccesses(document, () => false)).toEqual([
    "POST /no-schema",
    "PUT /errors-only",
  ]);
});
