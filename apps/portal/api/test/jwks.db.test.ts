import { createTokenVerifier } from "@bernard/auth";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildPortalServer } from "../src/server.js";
import { NO_MODEL, startTestPortal } from "./portal-server.js";

let portal: Awaited<ReturnType<typeof startTestPortal>>;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(() => portal.server.close());

const admin = {
  sub: "u1",
  name: "Ada",
  email: "ada@example.gov.uk",
  roles: ["admin" as const],
  groups: [],
};

it("publishes the public key that verifies the portal's user tokens, and only that", async () => {
  const response = await fetch(`${portal.url}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
  expect(jwks.keys).toHaveLength(1);
  expect(jwks.keys[0]).not.toHaveProperty("d");

  const verify = createTokenVerifier({
    issuer: "http://portal.test",
    audience: "minutes",
    keys: new URL(`${portal.url}/.well-known/jwks.json`),
  });
  expect(await verify(await portal.server.userTokens.issue(admin, "minutes"))).toEqual(admin);
});

it("keeps signing with the same key after a restart", async () => {
  const before = await (await fetch(`${portal.url}/.well-known/jwks.json`)).json();
  const again = await buildPortalServer(
    {
      database: portal.database,
      webRoot: new URL("../../web/dist", import.meta.url).pathname,
      sessions: { idleMinutes: 30, absoluteHours: 12, secureCookie: true },
      publicUrl: "http://portal.test",
      tools: [],
      trustedProxies: [],
      llm: NO_MODEL,
    },
    false,
  );
  expect(again.userTokens.jwks()).toEqual(before);
  await again.close();
});
