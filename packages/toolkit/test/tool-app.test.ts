import { expect, it } from "vitest";
import { z } from "zod";
import { meSchema } from "../src/contract/index.js";
import { defineTool } from "../src/manifest.js";
import { createToolApp } from "../src/server/tool-app.js";
import { admitAsAdmin, json, listen } from "./helpers.js";

const manifest = defineTool({
  id: "notes",
  name: "Notes test",
  description: "A tool that only exists in tests",
  version: "1.0.0",
  basePath: "/tools/notes/",
});

/** Stands in for the tool's Prisma client: only whether the server closed it matters here. */
const database = () => {
  const db = { closed: false, $disconnect: async () => void (db.closed = true) };
  return db;
};

it("serves the tool's routes under its API prefix and closes its database with the server", async () => {
  const db = database();
  const server = await createToolApp({
    manifest,
    logger: false,
    authenticate: admitAsAdmin,
    db,
    routes: async (api) => {
      api.get("/notes", async () => [{ title: "First" }]);
    },
  });
  const origin = await listen(server);
  const answer = await fetch(`${origin}/tools/notes/api/notes`);
  expect(answer.status).toBe(200);
  expect(await json(answer)).toEqual([{ title: "First" }]);
  expect(db.closed).toBe(false);
  await server.close();
  expect(db.closed).toBe(true);
});

it("refuses a route of the tool's with a path parameter and no access guard", async () => {
  await expect(
    createToolApp({
      manifest,
      logger: false,
      authenticate: admitAsAdmin,
      db: database(),
      routes: async (api) => {
        api.get("/notes/:id", async () => ({}));
      },
    }),
  ).rejects.toThrow("GET /tools/notes/api/notes/:id has a path parameter but no access guard");
});

it("answers GET <api>/me with the signed-in person, and what the tool adds to them", async () => {
  const plain = await createToolApp({
    manifest,
    logger: false,
    authenticate: admitAsAdmin,
    db: database(),
    routes: async () => {},
  });
  const plainOrigin = await listen(plain);
  expect(await json(await fetch(`${plainOrigin}/tools/notes/api/me`))).toEqual({
    id: "test-admin",
    name: "Test Admin",
    groups: [],
    isAdmin: true,
  });
  await plain.close();

  const extended = await createToolApp({
    manifest,
    logger: false,
    authenticate: admitAsAdmin,
    db: database(),
    me: {
      schema: meSchema.extend({ canPublish: z.boolean() }),
      more: async (user) => ({ canPublish: user.roles.includes("admin"), password: "never sent" }),
    },
    routes: async () => {},
  });
  const origin = await listen(extended);
  // The schema decides what is sent: what it does not name stays on the server.
  expect(await json(await fetch(`${origin}/tools/notes/api/me`))).toEqual({
    id: "test-admin",
    name: "Test Admin",
    groups: [],
    isAdmin: true,
    canPublish: true,
  });
  await extended.close();
});
