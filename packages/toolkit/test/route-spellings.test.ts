import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTokenIssuer, createTokenVerifier, generateSigningKey } from "@bernard/auth";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../src/manifest.js";
import { apiPrefix, createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { documentedRoutes, isRefusal, routeSpellings, sendRaw } from "../src/testing/index.js";
import { listen } from "./helpers.js";

const manifest = defineTool({
  id: "spelling",
  name: "Spelling test",
  description: "A tool that only exists in tests",
  version: "1.0.0",
  basePath: "/tools/spelling/",
});
/** The toolkit's own public routes; every other route needs the portal's user token. */
const PUBLIC = ["GET /health", "GET /ready", "GET /manifest"];

let server: ToolServer;
let origin: string;
let token: string;

beforeAll(async () => {
  const issuer = await createTokenIssuer({
    issuer: "http://portal",
    signingKey: await generateSigningKey(),
  });
  token = await issuer.issue(
    { sub: "ada", name: "Ada", email: "ada@example.gov.uk", roles: ["user"], groups: [] },
    manifest.id,
  );
  const webRoot = await mkdtemp(path.join(tmpdir(), "web-"));
  await mkdir(path.join(webRoot, "assets"));
  await writeFile(path.join(webRoot, "index.html"), "<!doctype html><title>Spelling</title>");
  await writeFile(path.join(webRoot, "assets/app-abc123.js"), "console.log('hi')");
  server = await createToolServer({
    manifest,
    webRoot,
    pages: ["/", "/things/:id"],
    logger: false,
    verifyUserToken: createTokenVerifier({
      issuer: "http://portal",
      audience: manifest.id,
      keys: issuer.jwks(),
    }),
  });
  const routes: FastifyPluginAsyncZod = async (api) => {
    const params = z.object({ id: z.string() });
    api.get("/things", async (request) => ({ user: request.user?.sub }));
    api.get("/things/:id", { schema: { params } }, async (request) => request.params);
    api.post("/things/:id/notes", { schema: { params } }, async () => ({ saved: true }));
    api.delete("/things/:id", { schema: { params } }, async () => ({ deleted: true }));
  };
  await server.register(routes, { prefix: apiPrefix(manifest) });
  origin = await listen(server);
});
afterAll(() => server.close());

it("refuses every spelling of every route without the portal's user token, and lets the token in", async () => {
  const routes = documentedRoutes(server.swagger(), { id: "thing-1" });
  expect(routes.map((route) => route.route)).toEqual(
    expect.arrayContaining(["/tools/spelling/api/things/{id}/notes", "/health"]),
  );
  // The UI's files and pages are routes too, though the API's document leaves them out.
  const all = [
    ...routes,
    { method: "GET", path: "/tools/spelling/", route: "page" },
    { method: "GET", path: "/tools/spelling/things/thing-1", route: "page" },
    { method: "GET", path: "/tools/spelling/assets/app-abc123.js", route: "file" },
  ];
  const unexpected: string[] = [];
  for (const route of all) {
    const body = ["GET", "HEAD", "DELETE"].includes(route.method) ? undefined : "{}";
    const isPublic = PUBLIC.includes(`${route.method} ${route.path}`);
    const plain = await sendRaw(origin, { ...route, body });
    if (plain.status !== (isPublic ? 200 : 401))
      unexpected.push(`${route.method} ${route.path} ${plain.status}`);
    const signedIn = await sendRaw(origin, {
      ...route,
      body,
      headers: { authorization: `Bearer ${token}` },
    });
    if (signedIn.status !== 200)
      unexpected.push(`signed in: ${route.method} ${route.path} ${signedIn.status}`);

    for (const spelling of routeSpellings(route.path)) {
      const answer = await sendRaw(origin, { method: route.method, path: spelling, body });
      // A public route may answer any spelling, but never with a server error.
      if (isPublic ? answer.status >= 500 : !isRefusal(answer, route.method))
        unexpected.push(`${route.method} ${spelling} ${answer.status}`);
    }
  }
  expect(unexpected).toEqual([]);
});

it("makes a route public only when it says so, and refuses a misspelt declaration", async () => {
  const other = await createToolServer({
    manifest,
    logger: false,
    authenticate: async () => undefined,
  });
  expect(() =>
    other.get("/open", { config: { authentication: "none" as "public" } }, async () => ({})),
  ).toThrow('GET /open: config.authentication must be "public" or "checked-by-route", not "none"');
  await other.close();
  await expect(createToolServer({ manifest, logger: false })).rejects.toThrow(
    'pass createToolServer exactly one of "portal"',
  );
});
