import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  type UserClaims,
} from "@bernard/auth";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineTool } from "../src/manifest.js";
import { apiPrefix, createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { json, listen } from "./helpers.js";

const manifest = defineTool({
  id: "minutes",
  name: "Minute summariser",
  description: "Checks user tokens",
  version: "1.0.0",
  basePath: "/tools/minutes/",
});
const ada: UserClaims = {
  sub: "user-1",
  name: "Ada",
  email: "ada@example.gov.uk",
  roles: ["user"],
  groups: ["policy"],
};

let server: ToolServer;
let baseUrl: string;
let issue: (claims: UserClaims, audience: string) => Promise<string>;
let issueShortLived: (claims: UserClaims, audience: string) => Promise<string>;

beforeAll(async () => {
  const signingKey = await generateSigningKey();
  const issuer = await createTokenIssuer({ issuer: "http://portal", signingKey });
  issue = issuer.issue;
  issueShortLived = (
    await createTokenIssuer({ issuer: "http://portal", signingKey, ttlSeconds: 1 })
  ).issue;
  server = await createToolServer({
    manifest,
    logger: false,
    verifyUserToken: createTokenVerifier({
      issuer: "http://portal",
      audience: "minutes",
      keys: issuer.jwks(),
    }),
  });
  const routes: FastifyPluginAsyncZod = async (api) => {
    api.get("/whoami", async (request) => request.user);
    api.get("/token", async (request) => ({ token: request.userToken }));
  };
  await server.register(routes, { prefix: apiPrefix(manifest) });
  baseUrl = await listen(server);
});
afterAll(() => server.close());

const whoami = (headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}/tools/minutes/api/whoami`, { headers });

describe("a tool called with the portal's user token", () => {
  it("keeps the token, to call the LLM gateway as the same person", async () => {
    const token = await issue(ada, "minutes");
    const response = await fetch(`${baseUrl}/tools/minutes/api/token`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await json(response)).toEqual({ token });
  });

  it("knows who the user is", async () => {
    const response = await whoami({ authorization: `Bearer ${await issue(ada, "minutes")}` });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual(ada);
  });

  it("answers 401 without a token, and ignores identity headers a client makes up", async () => {
    const response = await whoami({ "x-user": "admin", "x-forwarded-user": "admin" });
    expect(response.status).toBe(401);
    expect((await json(response)).error).toEqual({
      code: "UNAUTHENTICATED",
      message: "Open this tool from the Bernard portal: the request was not signed in.",
    });
  });

  it("answers 401 to an expired token", async () => {
    const token = await issueShortLived(ada, "minutes");
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const response = await whoami({ authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect((await json(response)).error.message).toBe("Your sign-in has expired. Sign in again.");
  });

  it("answers 401 to a token signed by another key, or meant for another tool", async () => {
    const stranger = await createTokenIssuer({
      issuer: "http://portal",
      signingKey: await generateSigningKey(),
    });
    expect(
      (await whoami({ authorization: `Bearer ${await stranger.issue(ada, "minutes")}` })).status,
    ).toBe(401);
    expect((await whoami({ authorization: `Bearer ${await issue(ada, "consult")}` })).status).toBe(
      401,
    );
  });

  it("covers the UI and API docs too, but leaves health and readiness open", async () => {
    expect((await fetch(`${baseUrl}/tools/minutes/api/docs/json`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
  });
});
