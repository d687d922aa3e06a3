import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../src/errors.js";
import { defineTool } from "../src/manifest.js";
import { apiPrefix, createToolServer, type ToolServer } from "../src/server/create-tool-server.js";
import { admitAsAdmin, json, listen } from "./helpers.js";

const manifest = defineTool({
  id: "envelope",
  name: "Envelope test",
  description: "A tool that only exists in tests",
  version: "1.2.3",
  basePath: "/tools/envelope/",
});

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(...String(chunk).trim().split("\n"));
    done();
  },
});

let server: ToolServer;
let baseUrl: string;

beforeAll(async () => {
  const webRoot = await mkdtemp(path.join(tmpdir(), "web-"));
  await mkdir(path.join(webRoot, "assets"));
  await writeFile(path.join(webRoot, "index.html"), "<!doctype html><title>Envelope</title>");
  await writeFile(path.join(webRoot, "assets/app-abc123.js"), "console.log('hi')");

  server = await createToolServer({
    manifest,
    webRoot,
    pages: [
      "/",
      "/consultations/:id/themes",
      // A page for something that may not exist: only consultation 7 does here.
      { path: "/consultations/:id/summary", exists: async (request) => request.params.id === "7" },
    ],
    authenticate: admitAsAdmin,
    bodyLimit: 1024 * 1024,
    logger: { level: "info", stream: logStream },
  });
  const routes: FastifyPluginAsyncZod = async (api) => {
    api.post(
      "/greetings",
      {
        schema: {
          body: z.object({ name: z.string().min(1), email: z.email() }),
          response: { 200: z.object({ text: z.string() }) },
        },
      },
      async (request) => ({ text: `Hello ${request.body.name}` }),
    );
    api.get("/boom", async () => {
      throw new Error('relation "secret_table" does not exist at SELECT * FROM secret_table');
    });
    api.get("/echo/:word", async (request) => request.params);
    api.get("/teapot", async () => {
      throw new AppError(
        409,
        "ALREADY_SIGNED_OFF",
        "The themes are signed off; reopen them to edit.",
      );
    });
  };
  await server.register(routes, { prefix: apiPrefix(manifest) });
  baseUrl = await listen(server);
});
afterAll(() => server.close());

const url = (suffix: string) => `${baseUrl}/tools/envelope${suffix}`;

describe("error envelope", () => {
  it("answers a validation failure with 400 and the path of every bad field", async () => {
    const response = await fetch(url("/api/greetings"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "", email: "not an email" }),
    });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.details.map((detail: { field: string }) => detail.field)).toEqual([
      "body.name",
      "body.email",
    ]);
    expect(body.error.message).toMatch(/body\.email/);
  });

  it("answers an unknown route with 404 in the same envelope", async () => {
    const response = await fetch(url("/api/nothing-here"));
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({
      error: {
        code: "NOT_FOUND",
        message: "There is nothing at GET /tools/envelope/api/nothing-here.",
      },
    });
  });

  it("answers an unexpected error with 500 and a request ID, never the stack or SQL, and logs it", async () => {
    const response = await fetch(url("/api/boom"), {
      headers: { "x-request-id": "req-test-0001" },
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/secret_table|SELECT|at .*\.ts|stack/i);
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "INTERNAL_ERROR",
        message: expect.stringContaining("req-test-0001"),
        details: { requestId: "req-test-0001" },
      },
    });
    const logged = logLines
      .map((line) => JSON.parse(line))
      .find((line) => line.msg === "unhandled error");
    expect(logged).toMatchObject({
      reqId: "req-test-0001",
      err: { message: expect.stringContaining("secret_table") },
    });
  });

  it("passes an AppError's status, code and message through", async () => {
    const response = await fetch(url("/api/teapot"));
    expect(response.status).toBe(409);
    expect((await json(response)).error).toEqual({
      code: "ALREADY_SIGNED_OFF",
      message: "The themes are signed off; reopen them to edit.",
    });
  });

  it("refuses a body over the limit with 413 and says what the limit is", async () => {
    const response = await fetch(url("/api/greetings"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), email: "a@b.gov.uk" }),
    });
    expect(response.status).toBe(413);
    expect((await json(response)).error).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("1 MB"),
    });
  });

  it("says what was wrong with malformed JSON", async () => {
    const response = await fetch(url("/api/greetings"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe("BAD_REQUEST");
  });
});

describe("the rest of what every tool server does", () => {
  it("reports health, and readiness without a database", async () => {
    expect(await json(await fetch(`${baseUrl}/health`))).toEqual({
      status: "ok",
      tool: "envelope",
      version: "1.2.3",
    });
    expect(await json(await fetch(`${baseUrl}/ready`))).toEqual({
      status: "ready",
      checks: { database: "not used" },
    });
  });

  it("publishes its manifest for the portal's tool registry", async () => {
    expect(await json(await fetch(`${baseUrl}/manifest`))).toEqual({
      id: "envelope",
      name: "Envelope test",
      description: "A tool that only exists in tests",
      version: "1.2.3",
      basePath: "/tools/envelope/",
      roles: ["user", "admin"],
      capabilities: [],
    });
  });

  it("sends security headers and a request ID on every response", async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toBeTruthy();
    expect(response.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
  });

  it("publishes an OpenAPI document built from the zod schemas, and a docs page", async () => {
    const document = await json(await fetch(url("/api/docs/json")));
    expect(document.info).toMatchObject({ title: "Envelope test API", version: "1.2.3" });
    const operation = document.paths["/tools/envelope/api/greetings"].post;
    expect(operation.requestBody.content["application/json"].schema.required).toEqual([
      "name",
      "email",
    ]);
    const page = await fetch(url("/api/docs/"));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("swagger");
  });

  it("serves the built UI under the base path, with index.html for the app's own pages", async () => {
    const asset = await fetch(url("/assets/app-abc123.js"));
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");

    const deepLink = await fetch(url("/consultations/42/themes"), {
      headers: { accept: "text/html" },
    });
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get("cache-control")).toBe("no-cache");
    expect(await deepLink.text()).toContain("<title>Envelope</title>");

    const missingAsset = await fetch(url("/assets/missing.js"));
    expect(missingAsset.status).toBe(404);
    expect((await json(missingAsset)).error.code).toBe("NOT_FOUND");
  });

  it("answers 404 to a page the app does not declare, with index.html to show its own message", async () => {
    for (const page of ["/no-such-page", "/consultations/42", "/consultations/42/themes/x"]) {
      const response = await fetch(url(page), { headers: { accept: "text/html" } });
      expect(`${page} ${response.status}`).toBe(`${page} 404`);
      expect(await response.text()).toContain("<title>Envelope</title>");
    }
    expect((await fetch(url("/index.html"), { headers: { accept: "text/html" } })).status).toBe(
      404,
    );
  });

  it("answers 404 to a declared page whose address names nothing that exists, still with index.html", async () => {
    const found = await fetch(url("/consultations/7/summary"), {
      headers: { accept: "text/html" },
    });
    expect(found.status).toBe(200);
    const missing = await fetch(url("/consultations/8/summary"), {
      headers: { accept: "text/html" },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-cache");
    expect(await missing.text()).toContain("<title>Envelope</title>");
  });

  it("marks JSON answers no-store, so no browser or proxy keeps a copy", async () => {
    for (const path of ["/api/teapot", "/api/nothing-here", "/api/docs/json"]) {
      const response = await fetch(url(path));
      expect(`${path} ${response.headers.get("cache-control")}`).toBe(`${path} no-store`);
    }
  });

  it("refuses a NUL character in a body, query or parameter with 400 naming the field", async () => {
    const body = await fetch(url("/api/greetings"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Ada\u0000", email: "ada@example.gov.uk" }),
    });
    expect(body.status).toBe(400);
    expect((await json(body)).error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: [{ field: "body.name", message: "Remove the NUL character (\\u0000)" }],
    });
    const query = await fetch(url("/api/teapot?search=a%00b"));
    expect(query.status).toBe(400);
    expect((await json(query)).error.details[0].field).toBe("querystring.search");
    const param = await fetch(url("/api/echo/a%00b"));
    expect(param.status).toBe(400);
    expect((await json(param)).error).toMatchObject({
      code: "BAD_URL",
      details: [{ field: "params.word" }],
    });
  });
});
