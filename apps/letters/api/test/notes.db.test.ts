import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  type TokenIssuer,
  type UserClaims,
} from "@bernard/auth";
import { createTestDatabase } from "@bernard/database/testing";
import type { ToolServer } from "@bernard/toolkit";
import { documentedRoutes, isRefusal, routeSpellings, sendRaw } from "@bernard/toolkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifest } from "../src/manifest.js";
import { buildServer } from "../src/server.js";

const ada: UserClaims = {
  sub: "user-ada",
  name: "Ada",
  email: "ada@example.gov.uk",
  roles: ["user"],
  groups: [],
};

let server: ToolServer;
let url: string;
let portal: TokenIssuer;

beforeAll(async () => {
  // The tests play the portal: they sign user tokens that the tool checks against its key.
  portal = await createTokenIssuer({
    issuer: "http://portal.test",
    signingKey: await generateSigningKey(),
  });
  server = await buildServer({
    database: { url: (await createTestDatabase()).url, schema: "letters" },
    verifyUserToken: createTokenVerifier({
      issuer: "http://portal.test",
      audience: manifest.id,
      keys: portal.jwks(),
    }),
    logger: false,
  });
  url = `${await server.listen({ port: 0, host: "127.0.0.1" })}/tools/letters/api`;
});
afterAll(() => server?.close());

async function as(user: UserClaims, path: string, init: RequestInit = {}) {
  return fetch(`${url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${await portal.issue(user, manifest.id)}`,
      "content-type": "application/json",
    },
  });
}

describe("notes", () => {
  it("keeps each person's notes, newest first, and shows nobody else's", async () => {
    for (const title of ["First", "Second"]) {
      const created = await as(ada, "/notes", {
        method: "POST",
        body: JSON.stringify({ title, body: `The ${title.toLowerCase()} note.` }),
      });
      expect(created.status).toBe(201);
    }
    const notes = (await (await as(ada, "/notes")).json()) as { title: string }[];
    expect(notes.map((note) => note.title)).toEqual(["Second", "First"]);

    const grace = { ...ada, sub: "user-grace", name: "Grace", email: "grace@example.gov.uk" };
    expect(await (await as(grace, "/notes")).json()).toEqual([]);
  });

  it("says which field is wrong", async () => {
    const response = await as(ada, "/notes", {
      method: "POST",
      body: JSON.stringify({ title: " ", body: "Text" }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.details).toEqual([
      { field: "body.title", message: "Enter a title" },
    ]);
  });

  it("answers 401 to a request that did not come through the portal", async () => {
    const response = await fetch(`${url}/notes`);
    expect(response.status).toBe(401);
  });

  it("refuses every spelling of every route without the portal's user token", async () => {
    // Every route in the API's own description, so the routes you add are covered too.
    const isPublic = (route: string) =>
      ["GET /health", "GET /ready", "GET /manifest"].includes(route);
    const unexpected: string[] = [];
    for (const route of documentedRoutes(server.swagger())) {
      const body = ["GET", "HEAD", "DELETE"].includes(route.method) ? undefined : "{}";
      for (const path of [route.path, ...routeSpellings(route.path)]) {
        const answer = await sendRaw(server.listeningOrigin, { method: route.method, path, body });
        const ok = isPublic(`${route.method} ${route.path}`)
          ? answer.status < 500
          : isRefusal(answer, route.method);
        if (!ok) unexpected.push(`${route.method} ${path} ${answer.status}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
