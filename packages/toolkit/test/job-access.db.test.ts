import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  type UserClaims,
} from "@bernard/auth";
import { createTestDatabase } from "@bernard/database/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { defineTool } from "../src/manifest.js";
import { createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { countTo } from "./fixtures/jobs.js";
import { listen } from "./helpers.js";

const manifest = defineTool({
  id: "minutes",
  name: "Minute summariser",
  description: "Only the person who started a job sees it",
  version: "1.0.0",
  basePath: "/tools/minutes/",
});
const person = (sub: string, roles: UserClaims["roles"] = ["user"]): UserClaims => ({
  sub,
  name: sub,
  email: `${sub}@example.gov.uk`,
  roles,
  groups: [],
});

let server: ToolServer;
let baseUrl: string;
let tokenFor: (claims: UserClaims) => Promise<string>;

beforeAll(async () => {
  const issuer = await createTokenIssuer({
    issuer: "http://portal",
    signingKey: await generateSigningKey(),
  });
  tokenFor = (claims) => issuer.issue(claims, "minutes");
  server = await createToolServer({
    manifest,
    database: { url: (await createTestDatabase()).url, schema: "app" },
    jobs: [countTo],
    logger: false,
    verifyUserToken: createTokenVerifier({
      issuer: "http://portal",
      audience: "minutes",
      keys: issuer.jwks(),
    }),
  });
  baseUrl = await listen(server);
});
afterAll(() => server.close());

it("shows a job to the person who started it and to admins, and to nobody else", async () => {
  const job = await server.jobs.enqueue("count-to", { to: 1, delayMs: 0 }, { startedBy: "ada" });
  const read = async (claims: UserClaims) =>
    (
      await fetch(`${baseUrl}/tools/minutes/api/jobs/${job.id}`, {
        headers: { authorization: `Bearer ${await tokenFor(claims)}` },
      })
    ).status;

  expect(await read(person("ada"))).toBe(200);
  expect(await read(person("admin", ["admin"]))).toBe(200);
  expect(await read(person("bob"))).toBe(404);

  const cancel = await fetch(`${baseUrl}/tools/minutes/api/jobs/${job.id}/cancel`, {
    method: "POST",
    headers: { authorization: `Bearer ${await tokenFor(person("bob"))}` },
  });
  expect(cancel.status).toBe(404);
});
