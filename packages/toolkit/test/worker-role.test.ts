import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { defineTool } from "../src/manifest.js";
import type { ProcessRole } from "../src/config.js";
import { apiPrefix, createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { AppError } from "../src/errors.js";
import type { Authenticator } from "../src/server/plugins/authentication.js";
import { admitAsAdmin } from "./helpers.js";

const manifest = defineTool({
  id: "roles-test",
  name: "Roles test",
  description: "A tool run as a worker process",
  version: "1.0.0",
  basePath: "/tools/roles-test/",
});
const api = apiPrefix(manifest);

const servers: ToolServer[] = [];
let webRoot: string;
beforeAll(async () => {
  webRoot = await mkdtemp(path.join(tmpdir(), "web-"));
  await writeFile(path.join(webRoot, "index.html"), "<!doctype html><title>Roles</title>");
});
afterAll(async () => {
  for (const server of servers) await server.close();
});

/** Refuses everyone, as a tool does a request without the portal's token. */
const refuseEveryone: Authenticator = async () => {
  throw new AppError(401, "UNAUTHENTICATED", "Sign in through the Bernard portal to continue.");
};

async function start(role: ProcessRole, authenticate = admitAsAdmin): Promise<ToolServer> {
  const server = await createToolServer({
    manifest,
    role,
    webRoot,
    authenticate,
    logger: false,
  });
  server.get(`${api}/notes`, async () => ({ notes: [] }));
  servers.push(server);
  await server.ready();
  return server;
}

/** Everything a tool serves besides its health checks: API, docs, manifest, UI. */
const SERVED = [
  `${api}/notes`,
  `${api}/docs/json`,
  "/manifest",
  manifest.basePath,
  // The router's reading of the address decides, not its spelling.
  `/%74ools/roles-test/api/notes`,
];

it("answers only /health and /ready in a worker process, and 404 to everything else", async () => {
  const worker = await start("worker");
  for (const url of ["/health", "/ready"]) {
    expect(`${url} ${(await worker.inject({ url })).statusCode}`).toBe(`${url} 200`);
  }
  for (const url of SERVED) {
    const response = await worker.inject({ url, headers: { accept: "text/html" } });
    expect(`${url} ${response.statusCode}`).toBe(`${url} 404`);
    expect(response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  }
  expect((await worker.inject({ method: "POST", url: `${api}/notes` })).statusCode).toBe(404);
});

it("answers 404, not 401, to a request without a token: a worker serves no one", async () => {
  const worker = await start("worker", refuseEveryone);
  expect((await worker.inject({ url: "/ready" })).statusCode).toBe(200);
  for (const url of SERVED) {
    expect(`${url} ${(await worker.inject({ url })).statusCode}`).toBe(`${url} 404`);
  }
});

it("serves everything in the other roles", async () => {
  for (const role of ["all", "web"] as const) {
    const server = await start(role);
    for (const url of SERVED.slice(0, 4)) {
      expect(`${role} ${url} ${(await server.inject({ url })).statusCode}`).toBe(
        `${role} ${url} 200`,
      );
    }
  }
});
