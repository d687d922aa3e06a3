import { apiPrefix } from "@bernard/toolkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { manifest } from "../src/manifest.js";
import { startSorter, testStorage } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter({ role: "web" });
});
afterAll(() => sorter?.server.close());

// The sorter itself started above: each of its routes with an :id names its guard.
it("will not start with a route on a consultation's ID that names no access guard", async () => {
  const { buildServer } = await import("../src/server.js");
  const server = await buildServer({
    database: sorter.database,
    verifyUserToken: sorter.portal.verifier(manifest.id),
    logger: false,
    role: "web",
    storage: testStorage(sorter.database.url),
  });
  const unguarded = server.register(
    async (api) => {
      api.get("/consultations/:id/notes", async () => []);
    },
    { prefix: apiPrefix(manifest) },
  );
  await expect(unguarded).rejects.toThrow(
    "GET /tools/consult/api/consultations/:id/notes has a path parameter but no access guard",
  );
  await server.close();
});
