import { undescribedSuccesses } from "@bernard/toolkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal?.server.close());

/** The gateway passes each tool's own answers on; each tool's contract describes those. */
const throughGateway = ({ path }: { path: string }) =>
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

it("counts a route without a response schema, or with a bodiless 200, as undescribed (the toolkit's rule)", () => {
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
  expect(undescribedSuccesses(document)).toEqual(["POST /no-schema", "PUT /errors-only"]);
});
