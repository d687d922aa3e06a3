import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../src/manifest.js";
import { apiPrefix, createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import type { Authenticator } from "../src/server/plugins/authentication.js";
import {
  accessGuards,
  assertMayShare,
  canSee,
  requireAccessGuards,
  visibleWhere,
  type Shared,
} from "../src/sharing/index.js";
import { json, listen } from "./helpers.js";

const manifest = defineTool({
  id: "sharing",
  name: "Sharing test",
  description: "A tool that only exists in tests",
  version: "1.0.0",
  basePath: "/tools/sharing/",
});

const ada = { id: "ada", groups: ["Transport"] };
const bob = { id: "bob", groups: ["Health"] };
const note = (sharing: Partial<Shared>): Shared => ({
  ownerId: "ada",
  ownerName: "Ada",
  openToEveryone: false,
  sharedWith: [],
  ...sharing,
});

describe("the sharing rule", () => {
  it("lets the owner, a group it is shared with, or everyone see it, and nobody else", () => {
    expect(canSee(ada, note({}))).toBe(true);
    expect(canSee(bob, note({}))).toBe(false);
    expect(canSee(bob, note({ sharedWith: ["Transport"] }))).toBe(false);
    expect(canSee(bob, note({ sharedWith: ["Transport", "Health"] }))).toBe(true);
    expect(canSee(bob, note({ openToEveryone: true }))).toBe(true);
  });

  it("filters a table by the same rule, leaving out groups when the person has none", () => {
    expect(visibleWhere(bob)).toEqual({
      OR: [{ ownerId: "bob" }, { openToEveryone: true }, { sharedWith: { hasSome: ["Health"] } }],
    });
    expect(visibleWhere({ id: "carol", groups: [] }).OR).toHaveLength(2);
  });

  it("lets only the owner change who may see it, saying who that is", () => {
    expect(() => assertMayShare(ada, note({}), "note")).not.toThrow();
    expect(() => assertMayShare(bob, note({ openToEveryone: true }), "note")).toThrow(
      "Only Ada, who owns this note, can change who may see it.",
    );
  });
});

describe("access guards on routes", () => {
  const notes = new Map([
    ["11111111-1111-4111-8111-111111111111", note({})],
    ["22222222-2222-4222-8222-222222222222", note({ sharedWith: ["Health"] })],
  ]);
  const [adaOnly, sharedWithHealth] = [...notes.keys()] as [string, string];
  const guards = accessGuards<"note">({
    isId: (id) => /^[0-9a-f-]{36}$/.test(id),
    canSee: async (viewer, _kind, id) => canSee(viewer, notes.get(id) ?? note({ ownerId: "" })),
  });
  // Who is calling comes from a header here; a tool's comes from the portal's user token.
  const asHeader: Authenticator = async (request) => {
    const id = String(request.headers["x-test-user"]);
    request.user = {
      sub: id,
      name: id,
      email: `${id}@example.gov.uk`,
      roles: ["user"],
      groups: id === "bob" ? ["Health"] : [],
    };
  };
  let server: ToolServer;
  let origin: string;
  let reached = 0;

  beforeAll(async () => {
    server = await createToolServer({ manifest, logger: false, authenticate: asHeader });
    const routes: FastifyPluginAsyncZod = async (api) => {
      requireAccessGuards(api);
      api.post(
        "/notes/:id/comments",
        {
          preValidation: guards.canSee("note"),
          schema: {
            params: z.object({ id: z.uuid() }),
            body: z.object({ text: z.string().min(1) }),
          },
        },
        async () => {
          reached += 1;
          return { saved: true };
        },
      );
    };
    await server.register(routes, { prefix: apiPrefix(manifest) });
    origin = await listen(server);
  });
  afterAll(() => server.close());

  const comment = (user: string, id: string, body: unknown) =>
    fetch(`${origin}/tools/sharing/api/notes/${id}/comments`, {
      method: "POST",
      headers: { "x-test-user": user, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("answers 404 before validation to someone who may not see it, and lets the others through", async () => {
    const refused = await comment("bob", adaOnly, {});
    expect(refused.status).toBe(404);
    expect((await json(refused)).error.message).toBe(
      "There is no such note. It may have been deleted.",
    );
    expect((await comment("bob", "not-an-id", { text: "Hi" })).status).toBe(404);
    expect((await comment("ada", adaOnly, {})).status).toBe(400);
    expect((await comment("ada", adaOnly, { text: "Hi" })).status).toBe(200);
    expect((await comment("bob", sharedWithHealth, { text: "Hi" })).status).toBe(200);
    expect(reached).toBe(2);
  });

  it("refuses to register a route with a path parameter and no guard, naming it", async () => {
    const unguarded = await createToolServer({ manifest, logger: false, authenticate: asHeader });
    await expect(
      unguarded.register(
        async (api) => {
          requireAccessGuards(api);
          api.get("/notes", async () => []);
          api.get("/notes/:id", async () => ({}));
        },
        { prefix: apiPrefix(manifest) },
      ),
    ).rejects.toThrow("GET /tools/sharing/api/notes/:id has a path parameter but no access guard");
    await unguarded.close();
  });

  it("refuses a guard on a parameter the route does not have, and accepts a route declared not scoped", async () => {
    const server = await createToolServer({ manifest, logger: false, authenticate: asHeader });
    await expect(
      server.register(async (api) => {
        requireAccessGuards(api);
        api.get("/notes/:noteId", { preValidation: guards.canSee("note") }, async () => ({}));
      }),
    ).rejects.toThrow("GET /notes/:noteId: its access guard checks :id, which it does not have.");
    await server.close();

    const open = await createToolServer({ manifest, logger: false, authenticate: asHeader });
    await open.register(async (api) => {
      requireAccessGuards(api);
      api.get("/help/:topic", { config: { access: "not-scoped" } }, async () => ({}));
    });
    await open.ready();
    await open.close();
  });
});
