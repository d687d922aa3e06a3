import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@bernard/database";
import { createTestDatabase, findFreePort } from "@bernard/database/testing";
import { expect, it } from "vitest";
import { defineTool } from "../src/manifest.js";
import { createToolServer } from "../src/server/create-tool-server.js";
import { listen, admitAsAdmin } from "./helpers.js";

const manifest = defineTool({
  id: "ready-test",
  name: "Ready test",
  description: "Readiness follows the database",
  version: "1.0.0",
  basePath: "/tools/ready-test/",
});

it("is ready while its database answers", async () => {
  const database = await createTestDatabase();
  const server = await createToolServer({
    manifest,
    database: { url: database.url, schema: "app" },
    authenticate: admitAsAdmin,
    logger: false,
  });
  const baseUrl = await listen(server);
  const response = await fetch(`${baseUrl}/ready`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ready", checks: { database: "up" } });
  await server.close();
});

it("stops being ready when its database stops, while /health still answers", async () => {
  // A server of its own, since this test stops it.
  const postgres = await startEmbeddedPostgres({
    directory: await mkdtemp(path.join(tmpdir(), "bernard-ready-")),
    port: await findFreePort(),
    ephemeral: true,
  });
  const server = await createToolServer({
    manifest,
    database: { url: postgres.url, schema: "app" },
    authenticate: admitAsAdmin,
    logger: false,
  });
  const baseUrl = await listen(server);
  try {
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
    await postgres.stop();

    const response = await fetch(`${baseUrl}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "unavailable", checks: { database: "down" } });
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
  } finally {
    await server.close();
  }
});
